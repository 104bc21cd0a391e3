import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import css from 'highlight.js/lib/languages/css';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import python from 'highlight.js/lib/languages/python';
import sql from 'highlight.js/lib/languages/sql';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

hljs.registerLanguage('bash', bash);
hljs.registerLanguage('css', css);
hljs.registerLanguage('javascript', javascript);
hljs.registerLanguage('json', json);
hljs.registerLanguage('python', python);
hljs.registerLanguage('sql', sql);
hljs.registerLanguage('typescript', typescript);
hljs.registerLanguage('xml', xml);
hljs.registerLanguage('yaml', yaml);

/** Highlighted markup from highlight.js still goes through the page's sanitizer before it is parsed. */
export type SanitizeToFragment = (html: string) => DocumentFragment;

/**
 * Code blocks: highlighted (languages registered above, by the fence's name or else guessed among them),
 * with a Copy button that copies the code's text.
 */
export function enhanceCodeBlocks(root: DocumentFragment | HTMLElement, doc: Document, sanitize: SanitizeToFragment): void {
  for (const code of root.querySelectorAll<HTMLElement>('pre > code')) {
    const pre = code.parentElement!;
    if (pre.parentElement?.classList.contains('code-block')) continue;
    const text = code.textContent ?? '';
    const named = /(?:^|\s)language-([\w+-]+)/.exec(code.className)?.[1]?.toLowerCase();
    const result = named && hljs.getLanguage(named) ? hljs.highlight(text, { language: named, ignoreIllegals: true }) : text.length < 20_000 ? hljs.highlightAuto(text) : null;
    if (result) {
      code.replaceChildren(sanitize(result.value));
      code.classList.add('hljs');
      if (result.language) code.dataset.language = result.language;
    }
    const copy = doc.createElement('button');
    copy.type = 'button';
    copy.className = 'code-copy';
    copy.dataset.testid = 'code-copy';
    copy.textContent = 'Copy';
    copy.addEventListener('click', () => {
      void doc.defaultView?.navigator.clipboard?.writeText(text).then(
        () => {
          copy.textContent = 'Copied';
          setTimeout(() => (copy.textContent = 'Copy'), 1500);
        },
        () => {
          copy.textContent = 'Copy failed';
        },
      );
    });
    const wrapper = doc.createElement('div');
    wrapper.className = 'code-block';
    wrapper.dataset.testid = 'code-block';
    pre.replaceWith(wrapper);
    wrapper.append(copy, pre);
  }
}
