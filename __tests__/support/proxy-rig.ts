/**
 * Runs one synthesized environment for real: the SRS stand-in and nginx inside the "srs" network
 * namespace (nginx with the synthesized config and command, paths mapped by
 * mapNginxPathsForTestMachine), each a child process stopped by its pid.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  fchownSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import ts from 'typescript';
import { nginxBinary, Topology } from './netns';
import { mapNginxPathsForTestMachine, TestMachineNginx } from './nginx-paths';
import type { StandinLogEntry, StandinOptions } from './srs-standin';
import { SynthesizedProxy } from './synth-proxy';

/** The official nginx image's `nginx` user and group, which the kit runs the proxy as. */
const NGINX_UID = 101;

export interface SupportScripts {
  readonly standin: string;
  readonly rawHttp: string;
}

/**
 * The two helper programs as plain JS (they import Node built-ins only), so each namespace process
 * starts in ~50 ms with no TypeScript loader.
 */
export function compileSupportScripts(outDir: string): SupportScripts {
  mkdirSync(outDir, { recursive: true });
  const compile = (name: string) => {
    const source = readFileSync(join(__dirname, `${name}.ts`), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
      },
      fileName: `${name}.ts`,
    });
    const file = join(outDir, `${name}.js`);
    writeFileSync(file, outputText);
    return file;
  };
  return { standin: compile('srs-standin'), rawHttp: compile('raw-http') };
}

/** A child process with its exit as a promise; stop() signals it by pid only. */
export class ManagedProcess {
  readonly exited: Promise<number | null>;
  private done = false;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.done = true;
        resolve(code ?? (signal ? -1 : null));
      }),
    );
  }

  get pid(): number {
    return this.child.pid!;
  }

  get running(): boolean {
    return !this.done;
  }

  /** Signals the process, waits for its exit, and SIGKILLs it after `graceMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 3000): Promise<void> {
    if (this.done) return;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }
}

export class ProxyRig {
  readonly nginx: TestMachineNginx;
  readonly standinLog: string;
  nginxProcess?: ManagedProcess;
  standinProcess?: ManagedProcess;
  private readonly logs: number[] = [];

  constructor(
    readonly topology: Topology,
    readonly scripts: SupportScripts,
    readonly dir: string,
    readonly synth: SynthesizedProxy,
  ) {
    mkdirSync(join(dir, 'temp'), { recursive: true });
    this.nginx = mapNginxPathsForTestMachine(synth.proxy.nginxConfig, synth.proxy.command, dir);
    writeFileSync(this.nginx.configFile, this.nginx.config, { mode: 0o444 });
    if (synth.proxy.passwordFile !== undefined) {
      writeFileSync(this.nginx.passwordFile, synth.proxy.passwordFile, { mode: 0o444 });
    }
    // nginx runs as the container's uid 101 (see nginxCommand): it may traverse the folders up to
    // this run's, read the uploaded files (0444, owned by root as Docker's upload leaves them) and
    // write only where the container lets it (temp dir, pid file, early error log).
    for (let folder = dir; folder !== dirname(folder); folder = dirname(folder)) {
      const mode = statSync(folder).mode;
      if ((mode & 0o001) === 0) chmodSync(folder, (mode & 0o7777) | 0o111);
    }
    chownSync(join(dir, 'temp'), NGINX_UID, NGINX_UID);
    chownSync(dir, NGINX_UID, NGINX_UID);
    writeFileSync(this.nginx.earlyErrorLog, '');
    chownSync(this.nginx.earlyErrorLog, NGINX_UID, NGINX_UID);
    this.standinLog = join(dir, 'standin.jsonl');
    writeFileSync(this.standinLog, '');
  }

  /**
   * The command that runs nginx inside the srs namespace exactly as the container does: the
   * synthesized arguments (paths mapped), as uid/gid 101 with no capabilities at all (the
   * container's `user: 101:101`, `capabilities { drop = ["ALL"] }`, `no-new-privileges`).
   */
  nginxCommand(extra: string[] = []): string[] {
    return [
      'netns',
      'exec',
      this.topology.srs,
      'setpriv',
      `--reuid=${NGINX_UID}`,
      `--regid=${NGINX_UID}`,
      '--clear-groups',
      '--inh-caps=-all',
      '--bounding-set=-all',
      '--no-new-privs',
      nginxBinary(),
      ...extra,
      ...this.nginx.args,
    ];
  }

  /** `nginx -t` on the mapped config, inside the srs namespace. */
  testConfig(): { ok: boolean; output: string } {
    // stdout/stderr are files, as for the real start: `access_log /dev/stdout` cannot be opened
    // on the socket pairs Node uses for pipes.
    const out = join(this.dir, 'nginx-t.log');
    const fd = this.nginxOutput(out, 'w');
    let status: number | null;
    try {
      status = spawnSync('ip', this.nginxCommand(['-t']), {
        stdio: ['ignore', fd, fd],
      }).status;
    } finally {
      closeSync(fd);
    }
    const early = existsSync(this.nginx.earlyErrorLog) ? readFileSync(this.nginx.earlyErrorLog, 'utf8') : '';
    return { ok: status === 0, output: `${readFileSync(out, 'utf8')}${early}`.trim() };
  }

  private logFd(name: string): number {
    const fd = this.nginxOutput(join(this.dir, name), 'a');
    this.logs.push(fd);
    return fd;
  }

  /**
   * A file for nginx's stdout/stderr that uid 101 may reopen: the synthesized config logs to
   * `/dev/stdout` (and stderr), which nginx opens anew. In the container those are the pipes
   * Docker hands it.
   */
  private nginxOutput(file: string, flags: 'w' | 'a'): number {
    const fd = openSync(file, flags);
    fchownSync(fd, NGINX_UID, NGINX_UID);
    return fd;
  }

  /** Starts nginx (master in the foreground, `daemon off;` as synthesized) and waits for its pid file. */
  async startNginx(): Promise<void> {
    const child = spawn('ip', this.nginxCommand(), {
      stdio: ['ignore', this.logFd('nginx.stdout.log'), this.logFd('nginx.stderr.log')],
    });
    this.nginxProcess = new ManagedProcess('nginx', child);
    // nginx writes its pid file after binding the listening socket: then it accepts connections.
    const pidFile = join(this.dir, 'nginx.pid');
    const deadline = Date.now() + 5000;
    while (!existsSync(pidFile)) {
      if (!this.nginxProcess.running || Date.now() > deadline) {
        await this.nginxProcess.stop('SIGKILL');
        throw new Error(`nginx did not start:\n${this.nginxLogs()}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  nginxLogs(): string {
    return ['early-error.log', 'nginx.stderr.log']
      .map((name) => join(this.dir, name))
      .filter((file) => existsSync(file))
      .map((file) => readFileSync(file, 'utf8'))
      .join('');
  }

  /** Starts the stand-in where the synthesized srs.conf puts SRS's API, with SRS's native auth when configured. */
  async startStandin(): Promise<void> {
    const native = this.synth.srs.nativeAuth;
    const options: StandinOptions = {
      host: this.synth.srs.apiListen.ip,
      port: this.synth.srs.apiListen.port,
      crossdomain: this.synth.srs.crossdomain,
      logFile: this.standinLog,
      // The password SRS gets from SRS_HTTP_API_AUTH_PASSWORD=${var...}: the value the variable's
      // validation was checked to accept.
      ...(native ? { username: native.username, password: this.synth.password } : {}),
    };
    const child = spawn(
      'ip',
      ['netns', 'exec', this.topology.srs, process.execPath, this.scripts.standin, JSON.stringify(options)],
      { stdio: ['ignore', 'pipe', this.logFd('standin.stderr.log')] },
    );
    const processHandle = new ManagedProcess('srs-standin', child);
    this.standinProcess = processHandle;
    const ready = new Promise<boolean>((resolve) => {
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (line === 'READY') resolve(true);
      });
      void processHandle.exited.then(() => resolve(false));
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), 5000);
    });
    const started = await Promise.race([ready, timeout]);
    clearTimeout(timer);
    if (!started) {
      await processHandle.stop('SIGKILL');
      throw new Error(
        `SRS stand-in did not start: ${readFileSync(join(this.dir, 'standin.stderr.log'), 'utf8')}`,
      );
    }
  }

  readStandinLog(): StandinLogEntry[] {
    return readFileSync(this.standinLog, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as StandinLogEntry);
  }

  /** Stops both processes (each by its pid) and closes the log files; safe to call twice. */
  async stop(): Promise<void> {
    try {
      await this.nginxProcess?.stop('SIGTERM');
    } finally {
      try {
        await this.standinProcess?.stop('SIGTERM');
      } finally {
        for (const fd of this.logs.splice(0)) closeSync(fd);
      }
    }
  }
}
