// The order aggregate, shared by every function (zipped beside each handler): `decide` turns a command and the
// current state into one event (or a domain error), `apply` folds an event into the state, and `view` /
// `customerRow` are the two read models. The projector and the replay run the same `apply` + `view`, so a read
// model rebuilt from the log must equal the one the stream maintained.

const EVENT_TYPES = ['OrderCreated', 'ItemAdded', 'ItemRemoved', 'DiscountApplied', 'OrderConfirmed', 'OrderCancelled'];

/** A domain error: `status` is the HTTP status the command API answers with, `code` its error name. */
class DomainError extends Error {
  constructor(status, code, message, detail) {
    super(message);
    this.name = code;
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

const invalid = (message) => new DomainError(400, 'ValidationError', message);
const wrongState = (state, command) =>
  new DomainError(422, 'InvalidOrderState', `cannot ${command} order ${state.orderId}: it is ${state.status}`);

function positiveInt(v, what) {
  if (!Number.isInteger(v) || v <= 0) throw invalid(`${what} must be a positive integer`);
  return v;
}

function text(v, what) {
  if (typeof v !== 'string' || v.length === 0 || v.length > 128) throw invalid(`${what} must be a non-empty string`);
  return v;
}

/** The event a valid command produces from `state` (undefined before OrderCreated). */
function decide(state, cmd) {
  const exists = () => {
    if (!state) throw new DomainError(404, 'OrderNotFound', `order ${cmd.orderId} does not exist`);
  };
  const pending = (what) => {
    exists();
    if (state.status !== 'PENDING') throw wrongState(state, what);
  };
  switch (cmd.type) {
    case 'CreateOrder':
      if (state) throw new DomainError(409, 'OrderAlreadyExists', `order ${cmd.orderId} already exists`);
      return { type: 'OrderCreated', data: { customerId: text(cmd.customerId, 'customerId') } };
    case 'AddItem':
      pending('add an item to');
      return {
        type: 'ItemAdded',
        data: {
          sku: text(cmd.sku, 'sku'),
          quantity: positiveInt(cmd.quantity, 'quantity'),
          unitPriceCents: positiveInt(cmd.unitPriceCents, 'unitPriceCents'),
        },
      };
    case 'RemoveItem':
      pending('remove an item from');
      if (!state.items[text(cmd.sku, 'sku')]) {
        throw new DomainError(422, 'ItemNotInOrder', `order ${cmd.orderId} has no item ${cmd.sku}`);
      }
      return { type: 'ItemRemoved', data: { sku: cmd.sku } };
    case 'ApplyDiscount': {
      pending('discount');
      const percent = positiveInt(cmd.percent, 'percent');
      if (percent > 50) throw invalid('percent must be at most 50');
      return { type: 'DiscountApplied', data: { percent } };
    }
    case 'ConfirmOrder':
      pending('confirm');
      if (Object.keys(state.items).length === 0) {
        throw new DomainError(422, 'EmptyOrder', `order ${cmd.orderId} has no items`);
      }
      return { type: 'OrderConfirmed', data: { totalCents: totals(state).totalCents } };
    case 'CancelOrder':
      exists();
      if (state.status === 'CANCELLED') throw wrongState(state, 'cancel');
      return { type: 'OrderCancelled', data: { reason: text(cmd.reason || 'customer request', 'reason') } };
    default:
      throw invalid(`unknown command type ${JSON.stringify(cmd.type)}`);
  }
}

/** Folds one stored event ({aggregateId, version, type, data, at}) into the state. */
function apply(state, e) {
  if (!EVENT_TYPES.includes(e.type)) throw new Error(`unknown event type ${e.type}`);
  const expected = (state ? state.version : 0) + 1;
  if (e.version !== expected) throw new Error(`event ${e.aggregateId}@${e.version} applied at version ${expected - 1}`);
  const s = state
    ? { ...state, items: { ...state.items } }
    : { orderId: e.aggregateId, status: 'PENDING', items: {}, discountPercent: 0, createdAt: e.at };
  switch (e.type) {
    case 'OrderCreated':
      s.customerId = e.data.customerId;
      break;
    case 'ItemAdded': {
      const prev = s.items[e.data.sku];
      s.items[e.data.sku] = {
        quantity: (prev ? prev.quantity : 0) + e.data.quantity,
        unitPriceCents: e.data.unitPriceCents,
      };
      break;
    }
    case 'ItemRemoved':
      delete s.items[e.data.sku];
      break;
    case 'DiscountApplied':
      s.discountPercent = e.data.percent;
      break;
    case 'OrderConfirmed':
      s.status = 'CONFIRMED';
      break;
    case 'OrderCancelled':
      s.status = 'CANCELLED';
      s.cancelReason = e.data.reason;
      break;
  }
  s.version = e.version;
  s.updatedAt = e.at;
  s.lastEventType = e.type;
  return s;
}

function totals(s) {
  const subtotalCents = Object.values(s.items).reduce((n, i) => n + i.quantity * i.unitPriceCents, 0);
  return { subtotalCents, totalCents: Math.round((subtotalCents * (100 - s.discountPercent)) / 100) };
}

/** The order-summary read model (one item per order). */
function view(s) {
  const items = Object.keys(s.items)
    .sort()
    .map((sku) => ({ sku, ...s.items[sku] }));
  return {
    orderId: s.orderId,
    customerId: s.customerId,
    status: s.status,
    items,
    itemCount: items.reduce((n, i) => n + i.quantity, 0),
    discountPercent: s.discountPercent,
    ...totals(s),
    ...(s.cancelReason ? { cancelReason: s.cancelReason } : {}),
    version: s.version,
    lastEventType: s.lastEventType,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  };
}

/** The state back from its summary (the projector continues from the stored read model). */
function fromView(v) {
  const items = {};
  for (const i of v.items) items[i.sku] = { quantity: i.quantity, unitPriceCents: i.unitPriceCents };
  const s = { ...v, items };
  delete s.itemCount;
  delete s.subtotalCents;
  delete s.totalCents;
  return s;
}

/** The per-customer order list read model (one item per customer and order). */
function customerRow(s) {
  const v = view(s);
  return {
    customerId: v.customerId,
    orderId: v.orderId,
    status: v.status,
    itemCount: v.itemCount,
    totalCents: v.totalCents,
    version: v.version,
    createdAt: v.createdAt,
  };
}

module.exports = { EVENT_TYPES, DomainError, decide, apply, view, fromView, customerRow };
