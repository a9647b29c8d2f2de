// Regenerates the README's security table from the e2e suite's expected table (the one the
// real-nginx tests check every run). `npm run docs`; __tests__/readme.test.ts fails when stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readExpectedSecurityTable, securityTableMarkdown } from '../__tests__/e2e/security-table';

export const README = join(__dirname, '..', 'README.md');
const START = '<!-- security-table:start -->';
const END = '<!-- security-table:end -->';

/** The README with its security-table block replaced by the generated table. */
export function readmeWithSecurityTable(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lost its ${START} ... ${END} markers`);
  const table = securityTableMarkdown(readExpectedSecurityTable());
  return `${readme.slice(0, start + START.length)}\n\n${table}\n\n${readme.slice(end)}`;
}

if (require.main === module) {
  writeFileSync(README, readmeWithSecurityTable(readFileSync(README, 'utf8')));
  console.log('README.md security table updated');
}
