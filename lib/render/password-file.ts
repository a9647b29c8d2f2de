import { createHash, createHmac } from 'node:crypto';

/**
 * An nginx `auth_basic_user_file` line in the `{SSHA}` format: base64(SHA-1(password + salt) + salt).
 *
 * Why {SSHA}: nginx verifies it itself (no libc `crypt()`, so every nginx image does), in ~1 us, so
 * auth costs nothing next to SRS (~10k req/s). Slow formats (bcrypt, $6$) cost 1.3-52 ms per
 * request and let a wrong-password flood starve the proxy; they only help if the file leaks AND
 * the password is guessable, which the kit rules out (generated passwords have 256 bits; given
 * ones must be long).
 *
 * The salt is derived from the inputs (HMAC keyed by the password) so that synth output is
 * byte-identical run to run; it still differs per environment and user.
 */
export function sshaPasswordLine(username: string, password: string, saltContext: string): string {
  const salt = createHmac('sha256', password)
    .update(`srs-secure-kit:${saltContext}:${username}`)
    .digest()
    .subarray(0, 8);
  const digest = createHash('sha1').update(password).update(salt).digest();
  return `${username}:{SSHA}${Buffer.concat([digest, salt]).toString('base64')}`;
}

/** The whole password file: one user, newline-terminated. */
export function renderPasswordFile(username: string, password: string, saltContext: string): string {
  return `${sshaPasswordLine(username, password, saltContext)}\n`;
}

/** Checks a password against an {SSHA} line, as nginx does (the tests use it to prove the file). */
export function verifySshaLine(line: string, username: string, password: string): boolean {
  const match = /^([^:]+):\{SSHA\}([A-Za-z0-9+/=]+)$/.exec(line.trim());
  if (!match || match[1] !== username) return false;
  const raw = Buffer.from(match[2], 'base64');
  const digest = raw.subarray(0, 20);
  const salt = raw.subarray(20);
  return createHash('sha1').update(password).update(salt).digest().equals(digest);
}
