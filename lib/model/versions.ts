/** An exact SRS release, as in the `ossrs/srs:<major>.<minor>.<patch>` image tags. */
export interface SrsVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
}

/** The SRS majors the kit renders for. */
export const SUPPORTED_SRS_MAJORS: readonly number[] = [4, 5, 6];

/** The first releases with `http_api.auth` (native Basic auth), per major. */
export const NATIVE_AUTH_SINCE: Readonly<Record<number, SrsVersion>> = {
  5: { major: 5, minor: 0, patch: 152 },
  6: { major: 6, minor: 0, patch: 40 },
};

/** Parses an exact `x.y.z` version; returns undefined for anything else (moving tags included). */
export function parseSrsVersion(text: string): SrsVersion | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,4})$/.exec(text);
  if (!match) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function formatSrsVersion(version: SrsVersion): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

export function compareSrsVersions(a: SrsVersion, b: SrsVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

/** True when the release has `http_api.auth` (5.0.152+ and 6.0.40+; SRS 4 never had it). */
export function supportsNativeApiAuth(version: SrsVersion): boolean {
  const since = NATIVE_AUTH_SINCE[version.major];
  return since !== undefined && compareSrsVersions(version, since) >= 0;
}

/** Which releases have native auth, for error messages: the same major's first, or all of them. */
export function nativeApiAuthSince(major: number): string {
  const since = NATIVE_AUTH_SINCE[major];
  return since
    ? `${formatSrsVersion(since)} or later`
    : '5.0.152+ or 6.0.40+ (SRS 4 never had http_api.auth)';
}
