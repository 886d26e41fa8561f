// EventBridge Schemas through boto3 (botocore's restJson1 parser: `tags` member names, ISO-8601 timestamps, error
// codes). Skipped locally when boto3 is not installed; required in CI (CI=true).
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useAtoll } from '../helpers/atoll.js';

const t = useAtoll();
const IN_CI = process.env.CI === 'true' || process.env.CI === '1';

function hasBoto3(): boolean {
  try {
    execFileSync('python3', ['-c', 'import boto3'], { stdio: 'ignore', timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

const SCRIPT = `
import json, sys, datetime, boto3, botocore
c = boto3.client('schemas', endpoint_url=sys.argv[1], region_name='us-east-1',
                 aws_access_key_id='test', aws_secret_access_key='test')
out = {}
out['registry'] = c.create_registry(RegistryName='py-reg', Description='from boto3', Tags={'team': 'py'})
content = json.dumps({'openapi': '3.0.0', 'info': {'title': 'E', 'version': '1'}, 'paths': {},
                      'components': {'schemas': {'E': {'type': 'object', 'properties': {'a': {'type': 'string'}}}}}})
s = c.create_schema(RegistryName='py-reg', SchemaName='py@E', Type='OpenApi3', Content=content)
out['schema_version'] = s['SchemaVersion']
out['created_is_datetime'] = isinstance(s['VersionCreatedDate'], datetime.datetime)
d = c.describe_schema(RegistryName='py-reg', SchemaName='py@E')
out['last_modified_is_datetime'] = isinstance(d['LastModified'], datetime.datetime)
out['tags'] = c.list_tags_for_resource(ResourceArn=out['registry']['RegistryArn'])['Tags']
out['export_type'] = c.export_schema(RegistryName='py-reg', SchemaName='py@E', Type='JSONSchemaDraft4')['Type']
try:
    c.describe_registry(RegistryName='missing')
except botocore.exceptions.ClientError as e:
    out['error'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode'],
                    e.response['Error']['Message']]
out['registry'] = {k: v for k, v in out['registry'].items() if k != 'ResponseMetadata'}
print(json.dumps(out))
`;

describe.skipIf(!IN_CI && !hasBoto3())('boto3', () => {
  it('creates, describes, tags and exports through boto3 and reads AWS errors', async () => {
    // Asynchronous: atoll runs in this process and must keep answering while python runs.
    const { stdout } = await promisify(execFile)('python3', ['-c', SCRIPT, t.endpoint], {
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME ?? os.homedir(),
        PYENV_ROOT: process.env.PYENV_ROOT,
        PYENV_VERSION: process.env.PYENV_VERSION,
        AWS_CONFIG_FILE: path.join(os.tmpdir(), 'atoll-no-aws-config'),
        AWS_SHARED_CREDENTIALS_FILE: path.join(os.tmpdir(), 'atoll-no-aws-credentials'),
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    const out = JSON.parse(stdout) as Record<string, unknown>;
    expect(out.registry).toEqual({
      Description: 'from boto3',
      RegistryArn: 'arn:aws:schemas:us-east-1:000000000000:registry/py-reg',
      RegistryName: 'py-reg',
      Tags: { team: 'py' },
    });
    expect(out.schema_version).toBe('1');
    expect(out.created_is_datetime).toBe(true);
    expect(out.last_modified_is_datetime).toBe(true);
    expect(out.tags).toEqual({ team: 'py' });
    expect(out.export_type).toBe('JSONSchemaDraft4');
    expect(out.error).toEqual(['NotFoundException', 404, 'Registry with name missing does not exist.']);
  }, 90_000);
});
