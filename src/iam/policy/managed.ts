// The AWS-managed Organizations policies attached everywhere by default (FullAWSAccess for SCPs, RCPFullAWSAccess for
// RCPs): callers put them at each level unless the user detached them (SCPs only; RCPFullAWSAccess cannot be).
import { parsePolicy } from './parse.js';

const ALLOW_ALL = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }],
});

export const FULL_AWS_ACCESS_SCP = parsePolicy(ALLOW_ALL, 'scp', { name: 'FullAWSAccess' });

export const FULL_AWS_ACCESS_RCP = parsePolicy(
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }],
  }),
  'rcp',
  { name: 'RCPFullAWSAccess', awsManaged: true },
);
