import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { resolveEnvironment } from '../../lib/model/environment';
import { formatProblem } from '../../lib/model/problems';
import { SrsConfig } from '../../lib/model/srs-config';
import { renderSrsEnv } from '../../lib/render/srs-env';
import { SRS_TRAPS, srsTrapTable } from './srs-traps';

// docs/srs-config-model.md must show the real messages and every field: this test fails when the
// code and the document drift. To refresh the trap table, replace what is between its markers
// with the output of srsTrapTable() and run prettier.

const DOC = readFileSync(resolve(__dirname, '../../docs/srs-config-model.md'), 'utf8');

/** Table rows as trimmed cells; code spans lose their backticks (prettier rewrites their padding). */
function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim().replace(/^(`+)\s?([^]*?)\s?\1$/, '$2')),
    );
}

function between(text: string, start: string, end: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from)
    throw new Error(`docs/srs-config-model.md lacks the ${start} ... ${end} markers`);
  return text.slice(from + start.length, to);
}

describe('docs/srs-config-model.md', () => {
  test('the trap table shows exactly the errors the kit gives', () => {
    const documented = tableRows(
      between(DOC, '<!-- srs-trap-table:start -->', '<!-- srs-trap-table:end -->'),
    );
    const generated = tableRows(srsTrapTable());
    if (JSON.stringify(documented) !== JSON.stringify(generated)) {
      throw new Error(
        `the trap table is out of date; put this between its markers and run prettier:\n\n${srsTrapTable()}\n`,
      );
    }
    expect(documented.length).toBeGreaterThanOrEqual(SRS_TRAPS.length + 1);
  });

  test('every trap has at least one error, and each error names where and what to do', () => {
    for (const trap of SRS_TRAPS) {
      const problems = trap.problems();
      expect({ trap: trap.trap, count: problems.length > 0 }).toEqual({ trap: trap.trap, count: true });
      for (const problem of problems) {
        expect(problem.path).not.toBe('');
        expect(problem.fix).not.toBe('');
        expect(formatProblem(problem)).toMatch(/: got .*; expected .*\. Fix: /);
      }
    }
  });

  test('the field table lists every model field and every SRS_* variable the kit writes', () => {
    const fields = new Set(tableRows(DOC).map((cells) => cells[0]));
    const leaves = (value: unknown, path: string): string[] => {
      if (path === 'vhosts') return leaves((value as SrsConfig['vhosts'])[0], 'vhosts[]');
      if (path.endsWith('hooks.urls')) return [`${path}.<event>`];
      if (path === 'version' || path.endsWith('.listen') || path.endsWith('.candidate')) return [path];
      if (value !== null && typeof value === 'object') {
        return Object.entries(value).flatMap(([key, child]) =>
          leaves(child, path === '' ? key : `${path}.${key}`),
        );
      }
      return [path];
    };
    const staging = resolveEnvironment({ name: 'staging' }).srs;
    expect(leaves(staging, '').filter((field) => !fields.has(field))).toEqual([]);

    const withEverything: SrsConfig = {
      ...staging,
      httpApi: { ...staging.httpApi, auth: { enabled: true, username: 'admin' } },
      vhosts: [{ ...staging.vhosts[0], hooks: { enabled: true, urls: { on_publish: ['http://a/'] } } }],
    };
    const variables = Object.keys(renderSrsEnv(withEverything)).map((name) =>
      name.replace(/^SRS_VHOST_HTTP_HOOKS_ON_\w+$/, 'SRS_VHOST_HTTP_HOOKS_<EVENT>'),
    );
    expect(variables.filter((name) => !DOC.includes(`\`${name}\``))).toEqual([]);
  });
});
