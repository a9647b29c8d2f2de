/**
 * Network namespaces for the end-to-end proxy tests: Docker's topology rebuilt from two namespaces
 * this test run creates and owns. "srs" plays the SRS container's namespace (SRS's API on its
 * loopback, nginx joined to it as `network_mode = container:<srs>`); "client" plays the Docker
 * host / user. A veth pair joins them with a /30 from 10.203.0.0/16 that exists only inside these
 * two namespaces: no test traffic can leave them.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';

export interface Topology {
  readonly client: string;
  readonly srs: string;
  readonly clientInterface: string;
  readonly srsInterface: string;
  readonly clientAddress: string;
  readonly srsAddress: string;
}

export const INSTALL_HINT =
  'run as root on Linux with nginx and iproute2 installed (`apt-get install -y nginx iproute2`)';

function ip(args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The nginx binary: $NGINX_BIN, else `nginx` on PATH, else Debian's /usr/sbin/nginx. */
export function nginxBinary(): string {
  if (process.env.NGINX_BIN) return process.env.NGINX_BIN;
  const found = spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' });
  if (found.status === 0 && found.stdout.trim() !== '') return found.stdout.trim();
  return '/usr/sbin/nginx';
}

/**
 * What is missing for the e2e tests, or [] when they can run: root, a working nginx, `ip netns`
 * (checked by really adding and deleting a namespace).
 */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  if (process.platform !== 'linux') return [`Linux network namespaces (this is ${process.platform})`];
  if (process.getuid?.() !== 0) missing.push('root (network namespaces need CAP_SYS_ADMIN)');
  const nginx = nginxBinary();
  const version = existsSync(nginx) || !nginx.startsWith('/') ? spawnSync(nginx, ['-v']) : undefined;
  if (version === undefined || version.status !== 0) missing.push(`nginx (${nginx} -v failed)`);
  if (spawnSync('ip', ['-V']).status !== 0) {
    missing.push('iproute2 (`ip` not found)');
  } else if (missing.length === 0) {
    const probe = `srsk-probe-${process.pid}-${randomBytes(3).toString('hex')}`;
    const added = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
    if (added.status !== 0) missing.push(`a working \`ip netns add\` (${added.stderr.trim()})`);
    else spawnSync('ip', ['netns', 'del', probe]);
  }
  return missing;
}

/** Creates both namespaces and the veth pair between them; undoes everything if a step fails. */
export function createTopology(): Topology {
  const tag = randomBytes(3).toString('hex');
  const third = randomBytes(1)[0];
  const base = (randomBytes(1)[0] & 0x3f) * 4;
  const topology: Topology = {
    client: `srsk-${tag}-client`,
    srs: `srsk-${tag}-srs`,
    clientInterface: `sk${tag}c`,
    srsInterface: `sk${tag}s`,
    clientAddress: `10.203.${third}.${base + 1}`,
    srsAddress: `10.203.${third}.${base + 2}`,
  };
  try {
    for (const ns of [topology.client, topology.srs]) {
      ip(['netns', 'add', ns]);
      ip(['-n', ns, 'link', 'set', 'lo', 'up']);
      // No duplicate-address detection: the IPv6 link-local addresses are usable at once.
      execInNamespace(ns, 'sysctl', ['-qw', 'net.ipv6.conf.all.accept_dad=0']);
      execInNamespace(ns, 'sysctl', ['-qw', 'net.ipv6.conf.default.accept_dad=0']);
    }
    // Created inside the client namespace with its peer sent straight into the srs one: the pair
    // never exists in the machine's own namespace.
    ip([
      '-n',
      topology.client,
      'link',
      'add',
      topology.clientInterface,
      'type',
      'veth',
      'peer',
      'name',
      topology.srsInterface,
      'netns',
      topology.srs,
    ]);
    ip([
      '-n',
      topology.client,
      'addr',
      'add',
      `${topology.clientAddress}/30`,
      'dev',
      topology.clientInterface,
    ]);
    ip(['-n', topology.srs, 'addr', 'add', `${topology.srsAddress}/30`, 'dev', topology.srsInterface]);
    ip(['-n', topology.client, 'link', 'set', topology.clientInterface, 'up']);
    ip(['-n', topology.srs, 'link', 'set', topology.srsInterface, 'up']);
  } catch (error) {
    destroyTopology(topology);
    throw error;
  }
  return topology;
}

export function execInNamespace(ns: string, command: string, args: string[]): string {
  return execFileSync('ip', ['netns', 'exec', ns, command, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Every address of a namespace, from `ip -j addr` (family, address, interface). */
export function namespaceAddresses(
  ns: string,
): Array<{ family: 'inet' | 'inet6'; address: string; interface: string; scope: string }> {
  const links = JSON.parse(ip(['-n', ns, '-j', 'addr', 'show'])) as Array<{
    ifname: string;
    addr_info: Array<{ family: 'inet' | 'inet6'; local: string; scope: string }>;
  }>;
  return links.flatMap((link) =>
    link.addr_info.map((a) => ({
      family: a.family,
      address: a.local,
      interface: link.ifname,
      scope: a.scope,
    })),
  );
}

/** Process ids living in a namespace. */
export function namespacePids(ns: string): number[] {
  const out = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' });
  if (out.status !== 0) return [];
  return out.stdout
    .split(/\s+/)
    .filter((s) => s !== '')
    .map(Number);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sends a signal to one process by pid; false when it is already gone. */
export function signalPid(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Ends every process still inside the two namespaces (by pid: they can only be this run's), then
 * deletes the namespaces, which removes the veth pair. Safe to call twice or after a partial
 * setup; returns what it could not undo.
 */
export function destroyTopology(topology: Topology): string[] {
  const problems: string[] = [];
  const namespaces = [topology.client, topology.srs];
  const existing = new Set(
    ip(['netns', 'list'])
      .split('\n')
      .map((line) => line.split(' ')[0]),
  );
  for (const ns of namespaces.filter((n) => existing.has(n))) {
    let pids = namespacePids(ns);
    for (const pid of pids) signalPid(pid, 'SIGTERM');
    const deadline = Date.now() + 2000;
    while (pids.some(alive) && Date.now() < deadline) sleepSync(20);
    pids = pids.filter(alive);
    for (const pid of pids) signalPid(pid, 'SIGKILL');
    const del = spawnSync('ip', ['netns', 'del', ns], { encoding: 'utf8' });
    if (del.status !== 0) problems.push(`ip netns del ${ns}: ${del.stderr.trim()}`);
  }
  return problems;
}
