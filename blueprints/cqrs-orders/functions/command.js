// The command API: CreateOrder, AddItem, RemoveItem, ApplyDiscount, ConfirmOrder, CancelOrder. Each command loads
// the aggregate (latest snapshot + later events), lets the domain decide the one event it produces, and appends it
// at the next version with a conditional write. A command may carry `expectedVersion` (the version the caller
// last saw); a mismatch is a ConcurrencyConflict too. Answers are function-URL style {statusCode, headers, body}.
const { randomUUID } = require('node:crypto');
const { decide, DomainError } = require('./domain');
const { load, append, respond, request, failure } = require('./eventstore');

exports.handler = async (event) => {
  try {
    const cmd = request(event);
    if (typeof cmd.orderId !== 'string' || !/^[A-Za-z0-9._-]{1,64}$/.test(cmd.orderId)) {
      throw new DomainError(400, 'ValidationError', 'orderId must be 1-64 characters [A-Za-z0-9._-]');
    }
    const commandId = typeof cmd.commandId === 'string' ? cmd.commandId : randomUUID();
    const loaded = await load(cmd.orderId);
    const current = loaded.state ? loaded.state.version : 0;
    if (cmd.expectedVersion !== undefined && cmd.expectedVersion !== current) {
      throw new DomainError(
        409,
        'ConcurrencyConflict',
        `order ${cmd.orderId} is at version ${current}, not ${cmd.expectedVersion}`,
        { reason: 'ExpectedVersionMismatch', version: current },
      );
    }
    // Test knob (verify's concurrency scenario): after loading, wait until the instant `holdUntil` (epoch ms) so
    // that two commands sent together both decide on the same version and then race on the conditional write.
    const until = (cmd.simulate && Number(cmd.simulate.holdUntil)) || 0;
    const wait = Math.min(until - Date.now(), 5000);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const decided = decide(loaded.state, cmd);
    const { event: stored, snapshot } = await append(cmd.orderId, loaded.state, decided, commandId);
    return respond(cmd.type === 'CreateOrder' ? 201 : 200, {
      orderId: cmd.orderId,
      commandId,
      version: stored.version,
      event: { type: stored.type, version: stored.version, data: stored.data },
      snapshotTaken: snapshot,
      loadedFrom: { snapshotVersion: loaded.snapshotVersion, eventsApplied: loaded.eventsApplied },
    });
  } catch (e) {
    return failure(e);
  }
};
