import { rmSync } from 'node:fs';

export default function globalTeardown(): void {
  const dir = process.env.SRS_KIT_JEST_TMPDIR;
  if (dir !== undefined && dir.includes('srs-secure-kit-jest-'))
    rmSync(dir, { recursive: true, force: true });
}
