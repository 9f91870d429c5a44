import { parseArgs } from 'node:util';
import type { ApiKeyList, CreatedKey } from '../../../api/src/security/api-keys/api-keys.schemas.js';
import { callEngine, engineUrl } from '../engine-client.js';
import { UsageError, type CliCommand } from './command.js';
import { formatTable } from './sql.command.js';

/** Creates, lists and revokes an org's API keys through the admin endpoint. */
export const keysCommand: CliCommand = {
  name: 'keys',
  summary: "create, list and revoke an org's API keys",
  usage: `usage: orghealth keys create --org ID --role ROLE [--person ID] [--label TEXT] [--url URL]
       orghealth keys list --org ID [--url URL]
       orghealth keys revoke KEY_ID --org ID [--url URL]

Roles: admin, hr_analyst, executive and manager (both need --person: the
person whose subtree they see), ingest (writes events, reads nothing).
create prints the new key once: only its hash is kept. Calls are made with
ORGHEALTH_API_KEY, else the operator's key of the engine on this machine.

options:
  --org ID       the org the key belongs to
  --role ROLE    the key's role (create)
  --person ID    the person a manager or executive key acts as (create)
  --label TEXT   what the key is for (create)
  --url URL      the engine (default: ORGHEALTH_URL, else http://127.0.0.1:3000)`,

  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      options: {
        org: { type: 'string' },
        role: { type: 'string' },
        person: { type: 'string' },
        label: { type: 'string' },
        url: { type: 'string' },
      },
      allowPositionals: true,
    });
    const [action, keyId, ...extra] = positionals;
    if (!values.org) throw new UsageError('--org is required');
    if (extra.length > 0) throw new UsageError(`unexpected ${extra.join(' ')}`);
    const base = engineUrl(`/v1/orgs/${encodeURIComponent(values.org)}/api-keys`, values.url);
    switch (action) {
      case 'create': {
        if (!values.role) throw new UsageError('--role is required');
        const body = {
          role: values.role,
          ...(values.person ? { personId: values.person } : {}),
          ...(values.label ? { label: values.label } : {}),
        };
        const created = (await send(base, 'POST', body)) as CreatedKey;
        console.log(created.key);
        console.error(
          `key ${created.id} (${created.role}${created.personId ? ` as ${created.personId}` : ''}) for org ${created.orgId}: shown this once`,
        );
        return 0;
      }
      case 'list': {
        const { keys } = (await send(base, 'GET')) as ApiKeyList;
        const columns = ['id', 'role', 'personId', 'label', 'createdAt', 'revokedAt'] as const;
        console.log(
          formatTable({
            columns: columns.map((name) => ({ name, type: 'String' })),
            rows: keys.map((key) => columns.map((name) => key[name])),
            rowCount: keys.length,
            truncated: false,
          }),
        );
        return 0;
      }
      case 'revoke':
        if (!keyId) throw new UsageError('give the id of the key to revoke');
        await send(new URL(`${base.pathname}/${encodeURIComponent(keyId)}`, base), 'DELETE');
        console.error(`key ${keyId} revoked`);
        return 0;
      default:
        throw new UsageError(action ? `unknown action ${action}` : 'say create, list or revoke');
    }
  },
};

async function send(url: URL, method: string, body?: unknown): Promise<unknown> {
  const text = await (await callEngine(url, { method, body })).text();
  return text ? JSON.parse(text) : undefined;
}
