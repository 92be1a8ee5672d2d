// VS Code's snippet syntax (https://code.visualstudio.com/docs/editor/userdefinedsnippets#_snippet-syntax):
// parsed to check a snippet body, and expanded with every placeholder at its default, which is the
// text a user gets by pressing Tab through it. That expansion is what the snippet tests execute.
//
//   $1  ${1}  ${1:default, may nest $2}  ${1|one,two|}  $0  $NAME  ${NAME:default}  \$ \} \\ escapes
//
// Variables expand to their default (or nothing): the snippets we ship use none. Transforms
// (${1/regex/format/}) are rejected, so a body that uses one fails its test instead of shipping.

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'tabstop'; index: number; children: Node[] | undefined }
  | { kind: 'choice'; index: number; options: string[] }
  | { kind: 'variable'; name: string; children: Node[] | undefined };

export class SnippetSyntaxError extends Error {}

class Parser {
  private pos = 0;
  constructor(private readonly src: string) {}

  parse(): Node[] {
    const nodes = this.sequence(false);
    if (this.pos < this.src.length) throw this.error('unexpected "}"');
    return nodes;
  }

  private error(what: string): SnippetSyntaxError {
    return new SnippetSyntaxError(`${what} at offset ${this.pos} of the snippet body`);
  }

  /** Text and placeholders up to the end, or up to an unescaped "}" when nested. */
  private sequence(nested: boolean): Node[] {
    const nodes: Node[] = [];
    let text = '';
    const flush = () => {
      if (text) nodes.push({ kind: 'text', text });
      text = '';
    };
    while (this.pos < this.src.length) {
      const ch = this.src[this.pos];
      if (ch === '\\' && '$}\\'.includes(this.src[this.pos + 1] ?? '')) {
        text += this.src[this.pos + 1];
        this.pos += 2;
      } else if (ch === '}' && nested) {
        break;
      } else if (ch === '$') {
        const node = this.dollar();
        if (node) {
          flush();
          nodes.push(node);
        } else {
          text += '$';
        }
      } else {
        text += ch;
        this.pos++;
      }
    }
    flush();
    return nodes;
  }

  private dollar(): Node | undefined {
    const rest = this.src.slice(this.pos + 1);
    const simple = /^(\d+)|^([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (simple) {
      this.pos += 1 + simple[0].length;
      return simple[1] !== undefined ? { kind: 'tabstop', index: Number(simple[1]), children: undefined } : { kind: 'variable', name: simple[2], children: undefined };
    }
    if (rest[0] !== '{') {
      this.pos++;
      return undefined; // a lone "$" is text
    }
    const head = /^\{(\d+|[A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    if (!head) throw this.error('"${" must be followed by a number or a variable name');
    this.pos += 1 + head[0].length;
    const isIndex = /^\d/.test(head[1]);
    const next = this.src[this.pos];
    if (next === '}') {
      this.pos++;
      return isIndex ? { kind: 'tabstop', index: Number(head[1]), children: undefined } : { kind: 'variable', name: head[1], children: undefined };
    }
    if (next === ':') {
      this.pos++;
      const children = this.sequence(true);
      if (this.src[this.pos] !== '}') throw this.error('unclosed placeholder');
      this.pos++;
      return isIndex ? { kind: 'tabstop', index: Number(head[1]), children } : { kind: 'variable', name: head[1], children };
    }
    if (next === '|' && isIndex) {
      const end = this.src.indexOf('|}', this.pos + 1);
      if (end < 0) throw this.error('unclosed choice');
      const options = this.src
        .slice(this.pos + 1, end)
        .split(/(?<!\\),/)
        .map((o) => o.replace(/\\([,|\\])/g, '$1'));
      this.pos = end + 2;
      return { kind: 'choice', index: Number(head[1]), options };
    }
    if (next === '/') throw this.error('transforms are not supported');
    throw this.error(`unexpected "${next ?? 'end'}"`);
  }
}

export function parseSnippet(body: string): Node[] {
  return new Parser(body).parse();
}

/**
 * The text the snippet inserts when every placeholder keeps its default. A tabstop that appears
 * several times takes the default of its first occurrence that has one (VS Code mirrors them).
 */
export function expandDefaults(body: string): string {
  const nodes = parseSnippet(body);
  const defaults = new Map<number, Node[]>();
  const collect = (list: Node[]) => {
    for (const n of list) {
      if (n.kind === 'tabstop' && n.children) {
        if (!defaults.has(n.index)) defaults.set(n.index, n.children);
        collect(n.children);
      } else if (n.kind === 'choice' && !defaults.has(n.index)) {
        defaults.set(n.index, [{ kind: 'text', text: n.options[0] ?? '' }]);
      } else if (n.kind === 'variable' && n.children) {
        collect(n.children);
      }
    }
  };
  collect(nodes);
  const render = (list: Node[], depth: number): string => {
    if (depth > 20) throw new SnippetSyntaxError('placeholders nest too deeply (a tabstop inside itself?)');
    return list
      .map((n) => {
        switch (n.kind) {
          case 'text':
            return n.text;
          case 'tabstop':
          case 'choice': {
            const value = defaults.get(n.index);
            return value ? render(value, depth + 1) : '';
          }
          case 'variable':
            return n.children ? render(n.children, depth + 1) : '';
        }
      })
      .join('');
  };
  return render(nodes, 0);
}
