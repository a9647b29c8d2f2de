import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { checkFleet } from '../lib/model/environment';
import { KitValidationError } from '../lib/model/problems';
import { readmeWithSecurityTable } from '../scripts/update-readme';

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

/** Formats Markdown the way `npm run docs` does (prettier's CLI: its API needs ESM, jest runs CJS). */
function prettierMarkdown(text: string): string {
  return execFileSync(
    process.execPath,
    [require.resolve('prettier/bin/prettier.cjs'), '--stdin-filepath', 'README.md'],
    {
      cwd: join(__dirname, '..'),
      input: text,
      encoding: 'utf8',
    },
  );
}

test('the README security table is the one the real-nginx suite checks (run `npm run docs` if not)', () => {
  expect(prettierMarkdown(readmeWithSecurityTable(README))).toBe(README);
});

test('the README leads with the two commands for a fresh machine', () => {
  const firstBlock = /```sh\n([\s\S]*?)```/.exec(README)![1];
  expect(firstBlock).toContain('npm ci && npm run synth');
  expect(firstBlock).toContain('npm ci && npm test');
  expect(README.indexOf('```sh')).toBeLessThan(README.indexOf('\n## '));
});

test('the README error example is what the kit really prints', () => {
  const block = /<!-- example: errors -->\s*```\n([\s\S]*?)```/.exec(README)![1];
  const { problems } = checkFleet(
    { environments: [{ name: 'old', authMode: 'native', srsVersion: '4.0.271', apiHostPort: 99999 }] },
    {},
  );
  expect(block.trimEnd()).toBe(new KitValidationError(problems).message.trimEnd());
});
