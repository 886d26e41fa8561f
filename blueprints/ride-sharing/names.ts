// Every resource the ride-sharing blueprint creates, by name, and the event routing (rules and their patterns).
export const PREFIX = 'ride-sharing';
/** The analytics account that receives the platform's events on its own bus. */
export const ANALYTICS_ACCOUNT = '222222222222';

export const BUS = `${PREFIX}-bus`;
export const ANALYTICS_BUS = `${PREFIX}-analytics-bus`;
export const ANALYTICS_RULE = `${PREFIX}-analytics-ingest`;
export const ANALYTICS_QUEUE = `${PREFIX}-analytics-ingest`;
export const ANALYTICS_PERMISSION_SID = `${PREFIX}-main-account`;
export const ARCHIVE = `${PREFIX}-archive`;
/** 7 years, for compliance. */
export const ARCHIVE_RETENTION_DAYS = 2555;
export const TOPIC = `${PREFIX}-notifications`;

export const QUEUES = {
  /** EventBridge's dead-letter queue for events its rule targets could not receive. */
  eventsDlq: `${PREFIX}-events-dlq`,
  /** The Lambda failure destination: events a service failed to process after its retries. */
  consumerFailures: `${PREFIX}-consumer-failures`,
  /** Subscribed to the notifications topic: what riders and the risk team would receive. */
  outbox: `${PREFIX}-notification-outbox`,
} as const;

export interface TableSpec {
  name: string;
  hash: string;
  range?: string;
  ttl?: string;
}

export const TABLES = {
  rides: { name: `${PREFIX}-rides`, hash: 'rideId' },
  drivers: { name: `${PREFIX}-drivers`, hash: 'driverId' },
  payments: { name: `${PREFIX}-payments`, hash: 'rideId', range: 'paymentId' },
  fraud: { name: `${PREFIX}-fraud-screenings`, hash: 'rideId' },
  analytics: { name: `${PREFIX}-analytics`, hash: 'pk' },
  idempotency: { name: `${PREFIX}-idempotency`, hash: 'pk', ttl: 'expiresAt' },
} satisfies Record<string, TableSpec>;

export const SERVICES = ['ride', 'driver', 'payment', 'notification', 'analytics', 'fraud'] as const;
export type Service = (typeof SERVICES)[number];

export const functionName = (s: Service) => `${PREFIX}-${s}`;
export const roleName = (s: Service) => `${PREFIX}-${s}-role`;
export const CROSS_ACCOUNT_ROLE = `${PREFIX}-events-to-analytics-role`;

/** Lambda asynchronous invocation: one retry (after ~1 minute on AWS), then the failure destination. */
export const ASYNC_RETRIES = 1;
/** EventBridge's retries of a target it cannot reach (exponential backoff), then the rule's DLQ. */
export const TARGET_RETRY_POLICY = { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 3600 };

export interface RuleSpec {
  name: string;
  description: string;
  pattern: Record<string, unknown>;
  /** A service's function, or the analytics account's bus. */
  target: Service | 'analytics-account';
}

const ride = 'ride-sharing.ride';

export const RULES: readonly RuleSpec[] = [
  {
    name: `${PREFIX}-driver-dispatch`,
    description: 'Ride requests, completions and cancellations to the Driver service',
    pattern: { source: [ride], 'detail-type': ['RideRequested', 'RideCompleted', 'RideCancelled'] },
    target: 'driver',
  },
  {
    name: `${PREFIX}-ride-lifecycle`,
    description: 'Assignment, payment and fraud outcomes back to the Ride service',
    pattern: {
      source: ['ride-sharing.driver', 'ride-sharing.payment', 'ride-sharing.fraud'],
      'detail-type': ['DriverAssigned', 'PaymentProcessed', 'FraudDetected'],
    },
    target: 'ride',
  },
  {
    name: `${PREFIX}-payment-on-completion`,
    description: 'Completed rides to the Payment service',
    pattern: { source: [ride], 'detail-type': ['RideCompleted'] },
    target: 'payment',
  },
  {
    // Content filtering: only the requests worth scoring reach the Fraud service.
    name: `${PREFIX}-fraud-screening`,
    description: 'Large fares, prepaid cards and new riders to the Fraud service',
    pattern: {
      source: [ride],
      'detail-type': ['RideRequested'],
      $or: [
        { detail: { fare: { amount: [{ numeric: ['>=', 300] }] } } },
        { detail: { paymentMethod: ['prepaid_card'] } },
        { detail: { riderAccountAgeDays: [{ numeric: ['<', 2] }] } },
      ],
    },
    target: 'fraud',
  },
  {
    name: `${PREFIX}-notify`,
    description: 'Driver assignments, successful payments and high fraud scores to the Notification service',
    pattern: {
      $or: [
        { source: ['ride-sharing.driver'], 'detail-type': ['DriverAssigned'] },
        { source: ['ride-sharing.payment'], 'detail-type': ['PaymentProcessed'], detail: { status: ['SUCCEEDED'] } },
        {
          source: ['ride-sharing.fraud'],
          'detail-type': ['FraudDetected'],
          detail: { score: [{ numeric: ['>=', 70] }] },
        },
      ],
    },
    target: 'notification',
  },
  {
    name: `${PREFIX}-analytics`,
    description: 'Every platform event to the Analytics service',
    pattern: { source: [{ prefix: 'ride-sharing.' }] },
    target: 'analytics',
  },
  {
    name: `${PREFIX}-to-analytics-account`,
    description: `Every platform event to the analytics account's bus (${ANALYTICS_ACCOUNT})`,
    pattern: { source: [{ prefix: 'ride-sharing.' }] },
    target: 'analytics-account',
  },
];

/** The archive keeps everything the platform's services publish. */
export const ARCHIVE_PATTERN = { source: [{ prefix: 'ride-sharing.' }] };

/** Drivers seeded by deploy (around Midtown Manhattan). */
export const DRIVERS = [
  { driverId: 'drv-amara', lat: 40.758, lng: -73.9855 },
  { driverId: 'drv-bruno', lat: 40.7484, lng: -73.9857 },
  { driverId: 'drv-chen', lat: 40.7527, lng: -73.9772 },
];
