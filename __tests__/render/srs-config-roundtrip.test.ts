import fc from 'fast-check';
import { validateSrsConfig } from '../../lib/model/srs-config';
import {
  directivesToSrsConfig,
  parseSrsConf,
  parseSrsConfig,
  SrsConfSyntaxError,
} from '../../lib/render/srs-conf-parse';
import { formatSrsConf, SrsDirective } from '../../lib/render/srs-conf-syntax';
import { renderSrsConfig, srsConfigToDirectives } from '../../lib/render/srs-config';
import { arbitrarySrsConfig } from '../support/srs-config-arbitrary';

// Property-based proofs that the parser is the inverse of the renderer. fast-check prints the
// seed and the shrunk counterexample on failure; rerun with it via fc.assert(..., { seed, path }).
const runs = { numRuns: 300 };

describe('the arbitrary SrsConfig generator', () => {
  test('produces only configs the model accepts', () => {
    fc.assert(
      fc.property(arbitrarySrsConfig({ canonical: false }), (config) => {
        expect(validateSrsConfig(config)).toEqual([]);
      }),
      runs,
    );
  });
});

describe('render -> parse', () => {
  test('gives back the original model (canonical models: what the file can carry)', () => {
    fc.assert(
      fc.property(arbitrarySrsConfig(), (config) => {
        const result = parseSrsConfig(renderSrsConfig(config, ['a header comment']), config.version);
        expect(result.problems).toEqual([]);
        expect(result.config).toEqual(config);
      }),
      runs,
    );
  });

  test('directives -> model -> directives is the identity', () => {
    fc.assert(
      fc.property(arbitrarySrsConfig({ canonical: false }), (config) => {
        const directives = srsConfigToDirectives(config);
        const result = directivesToSrsConfig(directives, config.version);
        expect(result.problems).toEqual([]);
        expect(srsConfigToDirectives(result.config!)).toEqual(directives);
      }),
      runs,
    );
  });

  test('the text is a fixed point: render(parse(render(c))) === render(c), for every valid model', () => {
    fc.assert(
      fc.property(arbitrarySrsConfig({ canonical: false }), (config) => {
        const text = renderSrsConfig(config);
        const parsed = parseSrsConfig(text, config.version);
        expect(parsed.problems).toEqual([]);
        expect(renderSrsConfig(parsed.config!)).toBe(text);
      }),
      runs,
    );
  });

  test('the only thing a non-canonical model loses is what SRS never sees', () => {
    fc.assert(
      fc.property(arbitrarySrsConfig({ canonical: false }), (config) => {
        const back = parseSrsConfig(renderSrsConfig(config), config.version).config!;
        // The renderer writes no auth block while auth is off, and no line for an empty URL list.
        const expected = {
          ...config,
          httpApi: {
            ...config.httpApi,
            auth: config.httpApi.auth.enabled ? config.httpApi.auth : { enabled: false, username: '' },
          },
          vhosts: config.vhosts.map((v) => ({
            ...v,
            hooks: {
              ...v.hooks,
              urls: Object.fromEntries(Object.entries(v.hooks.urls).filter(([, urls]) => urls.length > 0)),
            },
          })),
        };
        expect(back).toEqual(expected);
      }),
      runs,
    );
  });
});

// Directive trees whose words need no quoting (what formatSrsConf can write), and texts that
// spell the same tree in the many ways SRS accepts: any blanks, comments, quotes around words.
const plainWord = fc
  .string({
    unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789_.:/$[]}#"\'-'),
    minLength: 1,
    maxLength: 8,
  })
  .filter((w) => !/^["'#}]/.test(w));

const directiveTree: fc.Arbitrary<SrsDirective[]> = fc.letrec<{ items: SrsDirective[]; item: SrsDirective }>(
  (tie) => ({
    items: fc.array(tie('item'), { maxLength: 4 }),
    item: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ name: plainWord, args: fc.array(plainWord, { maxLength: 3 }) }),
      fc.record({ name: plainWord, args: fc.array(plainWord, { maxLength: 2 }), children: tie('items') }),
    ),
  }),
).items;

/** Writes a tree with random blanks and comments, quoting some words ('"' or "'" when the word allows). */
function spell(items: readonly SrsDirective[], choices: number[], singleLine = false): string {
  let i = 0;
  const pick = (n: number) => choices[i++ % choices.length] % n;
  const gaps = [' ', '  ', '\t', '\n', '\r\n', ' # a comment; with { braces }\n', '\n#\n'];
  const gap = () => gaps[pick(gaps.length)];
  // Between the words of one directive: no line break for SRS 6.0.135+.
  const inner = () => (singleLine ? [' ', '  ', '\t'][pick(3)] : gap());
  const word = (w: string) => {
    const q = pick(3);
    if (q === 1 && !w.includes('"')) return `"${w}"`;
    if (q === 2 && !w.includes("'")) return `'${w}'`;
    return w;
  };
  const write = (list: readonly SrsDirective[]): string =>
    list
      .map((d) => {
        const head = [d.name, ...d.args].map(word).join(inner() + ' ');
        const emptyQuote = pick(5) === 0 ? ' ""' : '';
        if (d.children === undefined) return `${gap()}${head}${emptyQuote}${pick(2) ? inner() : ''};${gap()}`;
        return `${gap()}${head}${emptyQuote} {${gap()}${write(d.children)}${gap()}}${gap()}`;
      })
      .join('');
  return write(items);
}

describe('parse and format', () => {
  test('parse(format(directives)) gives the directives back', () => {
    fc.assert(
      fc.property(directiveTree, (items) => {
        expect(parseSrsConf(formatSrsConf(items, ['header']))).toEqual(items);
      }),
      runs,
    );
  });

  test('any spelling SRS accepts parses to the same tree, and format(parse(text)) is stable', () => {
    fc.assert(
      fc.property(directiveTree, fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), (items, choices) => {
        const text = spell(items, choices);
        const parsed = parseSrsConf(text);
        expect(parsed).toEqual(items);
        const formatted = formatSrsConf(parsed);
        expect(formatted).toBe(formatSrsConf(items));
        expect(formatSrsConf(parseSrsConf(formatted))).toBe(formatted);
      }),
      runs,
    );
  });

  test('SRS 6.0.135+ rules only restrict: what they accept parses as before, one-line directives pass', () => {
    const v6 = { major: 6, minor: 0, patch: 155 };
    fc.assert(
      fc.property(directiveTree, fc.array(fc.nat(), { minLength: 1, maxLength: 50 }), (items, choices) => {
        expect(parseSrsConf(spell(items, choices, true), v6)).toEqual(items);
        const text = spell(items, choices);
        let strict: SrsDirective[] | undefined;
        try {
          strict = parseSrsConf(text, v6);
        } catch (error) {
          expect(error).toBeInstanceOf(SrsConfSyntaxError);
        }
        if (strict !== undefined) expect(strict).toEqual(parseSrsConf(text));
      }),
      runs,
    );
  });
});
