import { renderPasswordFile, sshaPasswordLine, verifySshaLine } from '../../lib/render/password-file';

const PASSWORD = 'Unit-Test-Password-0123';

describe('{SSHA} password file', () => {
  test('one line, user:{SSHA}base64(sha1(password + salt) + salt) with an 8-byte salt', () => {
    const line = sshaPasswordLine('admin', PASSWORD, 'staging');
    const match = /^admin:\{SSHA\}([A-Za-z0-9+/]+=*)$/.exec(line)!;
    expect(Buffer.from(match[1], 'base64')).toHaveLength(20 + 8);
    expect(renderPasswordFile('admin', PASSWORD, 'staging')).toBe(`${line}\n`);
  });

  test('verifies the right password only, for the right user only', () => {
    const line = sshaPasswordLine('admin', PASSWORD, 'staging');
    expect(verifySshaLine(line, 'admin', PASSWORD)).toBe(true);
    expect(verifySshaLine(line, 'admin', `${PASSWORD}x`)).toBe(false);
    expect(verifySshaLine(line, 'root', PASSWORD)).toBe(false);
  });

  test('deterministic for byte-identical synths, salted differently per environment and user', () => {
    expect(sshaPasswordLine('admin', PASSWORD, 'staging')).toBe(
      sshaPasswordLine('admin', PASSWORD, 'staging'),
    );
    const hash = (user: string, context: string) =>
      sshaPasswordLine(user, PASSWORD, context).split(':{SSHA}')[1];
    expect(hash('admin', 'staging')).not.toBe(hash('admin', 'qa'));
    expect(hash('admin', 'staging')).not.toBe(hash('ops', 'staging'));
  });

  test('never contains the password', () => {
    expect(renderPasswordFile('admin', PASSWORD, 'staging')).not.toContain(PASSWORD);
  });
});
