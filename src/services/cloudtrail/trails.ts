// Trails: create, update, delete, describe, list, start/stop logging and status. A trail created through the
// API does not log until StartLogging, as in AWS.
import type { HandlerTable } from '../types.js';
import type { Operations, Trail, TrailRec } from './api.js';
import { checkTrailBucket, checkTrailTopic } from './bucket-check.js';
import { CloudTrailErrors } from './errors.js';
import { isoSeconds } from './identity.js';
import { findTrail, parseTrailArn, trailArn, validateTrailName, visibleTrails } from './names.js';
import { applySettings } from './settings.js';
import type { CloudTrailState } from './state.js';
import { validateTags } from './tags.js';

const MAX_TRAILS_PER_REGION = 5;

type TrailOps =
  | 'CreateTrail'
  | 'UpdateTrail'
  | 'DeleteTrail'
  | 'GetTrail'
  | 'DescribeTrails'
  | 'ListTrails'
  | 'StartLogging'
  | 'StopLogging'
  | 'GetTrailStatus';

/** The Trail shape DescribeTrails and GetTrail answer. */
export function trailShape(t: TrailRec): Trail {
  const out: Trail = { Name: t.name, S3BucketName: t.s3BucketName };
  if (t.s3KeyPrefix !== undefined) out.S3KeyPrefix = t.s3KeyPrefix;
  if (t.snsTopicName !== undefined) out.SnsTopicName = t.snsTopicName;
  if (t.snsTopicArn !== undefined) out.SnsTopicARN = t.snsTopicArn;
  out.IncludeGlobalServiceEvents = t.includeGlobalServiceEvents;
  out.IsMultiRegionTrail = t.isMultiRegionTrail;
  out.HomeRegion = t.homeRegion;
  out.TrailARN = t.arn;
  out.LogFileValidationEnabled = t.logFileValidationEnabled;
  if (t.cloudWatchLogsLogGroupArn !== undefined) out.CloudWatchLogsLogGroupArn = t.cloudWatchLogsLogGroupArn;
  if (t.cloudWatchLogsRoleArn !== undefined) out.CloudWatchLogsRoleArn = t.cloudWatchLogsRoleArn;
  if (t.kmsKeyId !== undefined) out.KmsKeyId = t.kmsKeyId;
  out.HasCustomEventSelectors = t.eventSelectors !== undefined || t.advancedEventSelectors !== undefined;
  out.HasInsightSelectors = (t.insightSelectors ?? []).length > 0;
  out.IsOrganizationTrail = t.isOrganizationTrail;
  return out;
}

/** CreateTrail / UpdateTrail answer the settings without HomeRegion and the selector flags. */
function writeShape(t: TrailRec) {
  const { HomeRegion: _h, HasCustomEventSelectors: _c, HasInsightSelectors: _i, ...rest } = trailShape(t);
  return rest;
}

export function trailHandlers(state: CloudTrailState): Pick<HandlerTable<Operations>, TrailOps> {
  return {
    async CreateTrail(input, ctx) {
      validateTrailName(input.Name);
      const visible = visibleTrails(state, ctx.accountId, ctx.region).filter((t) => t.accountId === ctx.accountId);
      if (visible.some((t) => t.name === input.Name)) {
        throw CloudTrailErrors.trailAlreadyExists(input.Name, ctx.accountId);
      }
      if (visible.length >= MAX_TRAILS_PER_REGION) throw CloudTrailErrors.maximumTrails(ctx.accountId, ctx.region);
      const tags = input.TagsList ?? [];
      validateTags(tags);
      const base: TrailRec = {
        name: input.Name,
        accountId: ctx.accountId,
        homeRegion: ctx.region,
        arn: trailArn(ctx.region, ctx.accountId, input.Name),
        s3BucketName: input.S3BucketName,
        includeGlobalServiceEvents: true,
        isMultiRegionTrail: false,
        logFileValidationEnabled: false,
        isOrganizationTrail: false,
        tags,
        createdAt: state.now(),
        logging: false,
      };
      const t = await applySettings(state, base, input, ctx);
      if (t.isMultiRegionTrail || t.isOrganizationTrail) {
        // A multi-Region trail appears in every region: its name must be free there too.
        const clash = state
          .trails()
          .some((x) => x.accountId === ctx.accountId && x.name === t.name && x.homeRegion !== t.homeRegion);
        if (clash) throw CloudTrailErrors.trailAlreadyExists(input.Name, ctx.accountId);
      }
      await checkTrailBucket(state, t);
      if (t.snsTopicArn) await checkTrailTopic(state, t);
      state.saveTrail(t);
      return writeShape(t);
    },
    async UpdateTrail(input, ctx) {
      const current = findTrail(state, input.Name, ctx, { home: true });
      const t = await applySettings(state, current, input, ctx);
      // The destination is checked again when it changes (bucket, prefix, or the organization folder).
      const moved =
        t.s3BucketName !== current.s3BucketName ||
        t.s3KeyPrefix !== current.s3KeyPrefix ||
        t.isOrganizationTrail !== current.isOrganizationTrail;
      if (moved) await checkTrailBucket(state, t);
      if (t.snsTopicArn && t.snsTopicArn !== current.snsTopicArn) await checkTrailTopic(state, t);
      state.saveTrail(t);
      return writeShape(t);
    },
    DeleteTrail(input, ctx) {
      const t = findTrail(state, input.Name, ctx, { home: true });
      state.removeTrail(t);
      return {};
    },
    GetTrail(input, ctx) {
      return { Trail: trailShape(findTrail(state, input.Name, ctx)) };
    },
    DescribeTrails(input, ctx) {
      const shadows = input.includeShadowTrails ?? true;
      const visible = visibleTrails(state, ctx.accountId, ctx.region, shadows);
      const names = input.trailNameList ?? [];
      if (names.length === 0) return { trailList: visible.map(trailShape) };
      const out: TrailRec[] = [];
      for (const n of names) {
        const parsed = n.startsWith('arn:') ? parseTrailArn(n) : undefined;
        const t = parsed
          ? (visible.find((x) => x.arn === n) ??
            state.trails().find((x) => x.arn === n && x.accountId === ctx.accountId))
          : (visible.find((x) => x.name === n && x.homeRegion === ctx.region) ?? visible.find((x) => x.name === n));
        if (t && !out.includes(t)) out.push(t);
      }
      return { trailList: out.map(trailShape) };
    },
    ListTrails(_input, ctx) {
      const org = state.orgOf(ctx.accountId);
      const trails = state
        .trails()
        .filter(
          (t) =>
            t.accountId === ctx.accountId ||
            (t.isOrganizationTrail && org !== undefined && org.managementAccountId === t.accountId),
        )
        .sort((a, b) => a.createdAt - b.createdAt);
      return { Trails: trails.map((t) => ({ TrailARN: t.arn, Name: t.name, HomeRegion: t.homeRegion })) };
    },
    StartLogging(input, ctx) {
      const t = findTrail(state, input.Name, ctx, { home: true });
      if (!t.logging) state.saveTrail({ ...t, logging: true, startLoggingAt: state.now() });
      return {};
    },
    StopLogging(input, ctx) {
      const t = findTrail(state, input.Name, ctx, { home: true });
      if (t.logging) state.saveTrail({ ...t, logging: false, stopLoggingAt: state.now() });
      return {};
    },
    GetTrailStatus(input, ctx) {
      const t = findTrail(state, input.Name, ctx);
      const time = (ms: number | undefined) =>
        ms !== undefined ? { time: new Date(ms), text: isoSeconds(ms) } : undefined;
      const delivered = time(t.latestDeliveryAt);
      const attempted = time(t.latestDeliveryAttemptAt);
      const notified = time(t.latestNotificationAt);
      const notifyAttempt = time(t.latestNotificationAttemptAt);
      return {
        IsLogging: t.logging,
        ...(t.latestDeliveryError !== undefined ? { LatestDeliveryError: t.latestDeliveryError } : {}),
        ...(t.latestNotificationError !== undefined ? { LatestNotificationError: t.latestNotificationError } : {}),
        ...(delivered ? { LatestDeliveryTime: delivered.time } : {}),
        ...(notified ? { LatestNotificationTime: notified.time } : {}),
        ...(t.latestCloudWatchLogsDeliveryError !== undefined
          ? { LatestCloudWatchLogsDeliveryError: t.latestCloudWatchLogsDeliveryError }
          : {}),
        ...(t.startLoggingAt !== undefined ? { StartLoggingTime: new Date(t.startLoggingAt) } : {}),
        ...(t.stopLoggingAt !== undefined ? { StopLoggingTime: new Date(t.stopLoggingAt) } : {}),
        ...(t.latestCloudWatchLogsDeliveryAt !== undefined
          ? { LatestCloudWatchLogsDeliveryTime: new Date(t.latestCloudWatchLogsDeliveryAt) }
          : {}),
        LatestDeliveryAttemptTime: attempted?.text ?? '',
        LatestNotificationAttemptTime: notifyAttempt?.text ?? '',
        LatestNotificationAttemptSucceeded: notified?.text ?? '',
        LatestDeliveryAttemptSucceeded: delivered?.text ?? '',
        TimeLoggingStarted: t.startLoggingAt !== undefined ? isoSeconds(t.startLoggingAt) : '',
        TimeLoggingStopped: t.stopLoggingAt !== undefined ? isoSeconds(t.stopLoggingAt) : '',
      };
    },
  };
}
