/**
 * Display text: an abstract's LaTeX shown as a reader expects it (`1.3$\times$` → `1.3×`, `\%` → `%`,
 * `$\lambda$` → `λ`, `$λ$-GRPO` → `λ-GRPO`), and the seed corpus's stray `times` glued to a figure (`2.6times` →
 * `2.6×`). Only markup changes, never a word; each change is recorded, so offsets into the verbatim text (an
 * excerpt's highlights) map onto the display text. Pure: platforms render the display text, JSON keeps both.
 */

/** One stretch the display text changed: `[start, end)` in the verbatim text and in the display text. */
export interface DisplayEdit {
  source: readonly [number, number];
  display: readonly [number, number];
}

/** The display form of a verbatim text, and where it differs from it (in order, non-overlapping). */
export interface DisplayText {
  text: string;
  edits: readonly DisplayEdit[];
}

/** Symbols of the LaTeX commands abstracts use in inline math and text. */
const SYMBOLS: Readonly<Record<string, string>> = {
  times: '×',
  cdot: '·',
  sim: '∼',
  approx: '≈',
  simeq: '≃',
  leq: '≤',
  le: '≤',
  geq: '≥',
  ge: '≥',
  neq: '≠',
  ne: '≠',
  pm: '±',
  mp: '∓',
  to: '→',
  rightarrow: '→',
  leftarrow: '←',
  Rightarrow: '⇒',
  leftrightarrow: '↔',
  uparrow: '↑',
  downarrow: '↓',
  infty: '∞',
  propto: '∝',
  in: '∈',
  ll: '≪',
  gg: '≫',
  ldots: '…',
  cdots: '⋯',
  dots: '…',
  alpha: 'α',
  beta: 'β',
  gamma: 'γ',
  delta: 'δ',
  epsilon: 'ε',
  varepsilon: 'ε',
  zeta: 'ζ',
  eta: 'η',
  theta: 'θ',
  iota: 'ι',
  kappa: 'κ',
  lambda: 'λ',
  mu: 'μ',
  nu: 'ν',
  xi: 'ξ',
  pi: 'π',
  rho: 'ρ',
  sigma: 'σ',
  tau: 'τ',
  upsilon: 'υ',
  phi: 'φ',
  varphi: 'φ',
  chi: 'χ',
  psi: 'ψ',
  omega: 'ω',
  Gamma: 'Γ',
  Delta: 'Δ',
  Theta: 'Θ',
  Lambda: 'Λ',
  Xi: 'Ξ',
  Pi: 'Π',
  Sigma: 'Σ',
  Phi: 'Φ',
  Psi: 'Ψ',
  Omega: 'Ω',
  '%': '%',
  '&': '&',
  _: '_',
  '#': '#',
  $: '$',
  '{': '{',
  '}': '}',
  ',': '\u2009',
  ';': ' ',
  ' ': ' ',
  '!': '',
};

const SUPERSCRIPT: Readonly<Record<string, string>> = Object.fromEntries(
  [...'0123456789+-=()ni'].map((c, i) => [c, '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ'[i]!]),
);
const SUBSCRIPT: Readonly<Record<string, string>> = Object.fromEntries(
  // Figures only: subscript letters (`αₘₐₓ`) read worse than `α_max`.
  [...'0123456789+-=()'].map((c, i) => [c, '₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎'[i]!]),
);

/** Commands whose braced argument is shown as it is: `\text{max}` → `max`. */
const TEXT_COMMANDS = 'text|textrm|textbf|textit|texttt|emph|mathrm|mathbf|mathit|mathsf|mathtt|operatorname|boldsymbol';

/**
 * What the scan looks for, in order of precedence: an escaped dollar, inline math, a text command, an escaped
 * character, a `times` glued to a figure, and the seed's ` sim ` between two such figures (`2.35times sim 3.47times`).
 */
const MARKUP = new RegExp(
  [
    String.raw`\\\$`,
    String.raw`\$([^$\n]{1,80})\$`,
    String.raw`\\(?:${TEXT_COMMANDS})\{([^{}\n]{0,200})\}`,
    String.raw`\\([%&_#{}])`,
    String.raw`(?<=\d)times(?![\p{L}\d])`,
    String.raw`(?<=\dtimes) sim (?=\d)`,
  ].join('|'),
  'gu',
);

/**
 * The display form of `source`: inline math (`$…$`) whose every command is known becomes Unicode (commands,
 * Greek, super- and subscripts; braces dropped), `\%`, `\&`, `\_`, `\#` lose their backslash, `\textbf{x}` and
 * the like show `x`, and a `times` right after a digit becomes `×`. A `$…$` that reads as prose (two dollar
 * amounts, `$5 and $10`) or holds an unknown command is left as it is.
 * @example displayText('up to 1.3$\\times$ faster').text === 'up to 1.3× faster'
 */
export function displayText(source: string): DisplayText {
  const edits: DisplayEdit[] = [];
  let text = '';
  let at = 0;
  MARKUP.lastIndex = 0;
  for (let m = MARKUP.exec(source); m !== null; m = MARKUP.exec(source)) {
    const replacement = replace(m);
    if (replacement === undefined) {
      MARKUP.lastIndex = m.index + 1; // not math after all: its closing `$` may open real math
      continue;
    }
    text += source.slice(at, m.index);
    const start = text.length;
    text += replacement;
    edits.push({ source: [m.index, m.index + m[0].length], display: [start, text.length] });
    at = m.index + m[0].length;
  }
  text += source.slice(at);
  return { text, edits };
}

function replace(m: RegExpExecArray): string | undefined {
  const [whole, math, textArg, escaped] = m;
  if (whole === '\\$') return '$';
  if (math !== undefined) return convertMath(math);
  if (textArg !== undefined) return textArg;
  if (escaped !== undefined) return escaped;
  if (whole === 'times') return '×';
  return ' ∼ ';
}

/** Inline math as Unicode, or undefined when it is not math (prose between two `$`) or holds an unknown command. */
function convertMath(math: string): string | undefined {
  if (/^\s|\s$/.test(math) && !/\\/.test(math)) return undefined;
  let out = '';
  let words = '';
  const tokens = /\\(?:(?:TEXT)\{([^{}]*)\}|([A-Za-z]+)|(.))|([\^_])(?:\{([^{}]*)\}|(\\[A-Za-z]+|[^\s{}\\]))|([{}])|([\s\S])/gu;
  const re = new RegExp(tokens.source.replace('TEXT', TEXT_COMMANDS), 'gu');
  for (const t of math.matchAll(re)) {
    const [, textArg, command, symbol, script, scriptGroup, scriptChar, brace, other] = t;
    if (textArg !== undefined) {
      out += textArg;
      words += ' ';
    } else if (command !== undefined || symbol !== undefined) {
      const s = SYMBOLS[(command ?? symbol)!];
      if (s === undefined) return undefined;
      out += s;
      words += ' ';
    } else if (script !== undefined) {
      const inner = scriptGroup ?? scriptChar!;
      const converted = inner.startsWith('\\') ? convertMath(inner) : convertScript(inner, script === '^' ? SUPERSCRIPT : SUBSCRIPT);
      if (converted === undefined) return undefined;
      out += converted === inner ? `${script}${inner}` : converted;
      words += ' ';
    } else if (brace === undefined) {
      out += other;
      words += other;
    }
  }
  // Prose between two dollar signs ("$5 and $"): words of plain letters, or figures with no symbol (`$<$` is math).
  if (/[A-Za-z]{2}/.test(words) || (!/[\p{L}\\^_]/u.test(math) && /\d/.test(math))) return undefined;
  return out;
}

/** A super- or subscript in Unicode when every character has one, else the text as it is. */
function convertScript(inner: string, table: Readonly<Record<string, string>>): string {
  const chars = [...inner.replace(/\\[,;! ]/g, '')];
  return chars.length > 0 && chars.every((c) => table[c] !== undefined) ? chars.map((c) => table[c]).join('') : inner;
}

/**
 * Where a `[start, end)` span of the verbatim text lies in the display text: a start inside a changed stretch
 * moves to the stretch's start, an end inside one to its end, so a highlight keeps covering what it covered.
 */
export function displaySpan(display: DisplayText, start: number, end: number): { start: number; end: number } {
  const from = displayOffset(display, start, 'start');
  return { start: from, end: Math.max(from, displayOffset(display, end, 'end')) };
}

function displayOffset(display: DisplayText, offset: number, side: 'start' | 'end'): number {
  let shift = 0;
  for (const e of display.edits) {
    const [s, t] = e.source;
    if (offset <= s) break;
    if (offset < t) return side === 'start' ? e.display[0] : e.display[1];
    shift = e.display[1] - t;
  }
  return offset + shift;
}
