import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** security-table.expected.json: rows are requests, columns the e2e modes. */
export interface SecurityTable {
  readonly modes: Readonly<Record<string, string>>;
  readonly rows: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** What a cell says, for a README legend. */
export const CELL_MEANING: Readonly<Record<string, string>> = {
  open: 'answered without credentials',
  nginx: 'nginx asks for credentials (401, `WWW-Authenticate: Basic realm="SRS API (<env>)"`)',
  srs: "SRS's own auth asks for them (401, `WWW-Authenticate: Basic`, no realm)",
  'nginx+srs': 'nginx asks for them and SRS checks them again',
};

export const EXPECTED_SECURITY_TABLE_FILE = join(__dirname, 'security-table.expected.json');

export function readExpectedSecurityTable(): SecurityTable {
  return JSON.parse(readFileSync(EXPECTED_SECURITY_TABLE_FILE, 'utf8')) as SecurityTable;
}

/** The table as Markdown (rows in file order), e.g. to generate or check the README's table. */
export function securityTableMarkdown(table: SecurityTable): string {
  const modes = Object.keys(table.modes);
  const lines = [
    `| request | ${modes.map((m) => `${m} (${table.modes[m]})`).join(' | ')} |`,
    `|---|${modes.map(() => '---').join('|')}|`,
    ...Object.entries(table.rows).map(
      ([request, cells]) => `| ${request} | ${modes.map((m) => cells[m] ?? '?').join(' | ')} |`,
    ),
    '',
    ...Object.entries(CELL_MEANING).map(([cell, meaning]) => `- ${cell}: ${meaning}`),
  ];
  return lines.join('\n');
}
