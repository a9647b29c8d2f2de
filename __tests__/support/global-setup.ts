import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// cdktf's Testing helpers create cdktf.outdir.* folders in os.tmpdir() and never remove them.
// Every test worker inherits this TMPDIR, and global-teardown deletes the whole folder.
export default function globalSetup(): void {
  const dir = mkdtempSync(join(tmpdir(), 'srs-secure-kit-jest-'));
  process.env.SRS_KIT_JEST_TMPDIR = dir;
  process.env.TMPDIR = dir;
}
