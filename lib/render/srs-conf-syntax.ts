/**
 * SRS's config syntax as data: a directive is a name, its arguments and, for blocks, children.
 * `formatSrsConf` writes it; the parser reads it back into the same shape.
 */
export interface SrsDirective {
  readonly name: string;
  readonly args: readonly string[];
  /** Present for blocks (`name args { ... }`), absent for `name args;`. */
  readonly children?: readonly SrsDirective[];
}

export function directive(name: string, ...args: Array<string | number>): SrsDirective {
  return { name, args: args.map(String) };
}

export function block(name: string, args: Array<string | number>, children: SrsDirective[]): SrsDirective {
  return { name, args: args.map(String), children };
}

/** SRS reads only the literal `on` as true; the model's booleans become exactly `on`/`off`. */
export function onOff(value: boolean): string {
  return value ? 'on' : 'off';
}

/** Writes directives as srs.conf text: four-space indent, one directive a line. */
export function formatSrsConf(directives: readonly SrsDirective[], header: readonly string[] = []): string {
  const lines = header.map((line) => `# ${line}`);
  const write = (items: readonly SrsDirective[], depth: number): void => {
    const indent = '    '.repeat(depth);
    for (const item of items) {
      const head = [item.name, ...item.args].join(' ');
      if (item.children === undefined) {
        lines.push(`${indent}${head};`);
      } else {
        lines.push(`${indent}${head} {`);
        write(item.children, depth + 1);
        lines.push(`${indent}}`);
      }
    }
  };
  write(directives, 0);
  return `${lines.join('\n')}\n`;
}
