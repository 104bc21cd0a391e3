/** The example content blocks (SPEC §8) the demo model shows when asked for one. */
export const DEMO_BLOCK_TYPES = ['image', 'video', 'markdown', 'html', 'json'] as const;
export type DemoBlockType = (typeof DEMO_BLOCK_TYPES)[number];

export const BLOCK_START = '!#block#!';
export const BLOCK_END = '!#/block#!';

/** Same origin as the page (http/routes/demo-media.ts serves it): the demo works offline with default settings (issue 16 item 4). */
export const DEMO_VIDEO_SRC = '/demo-media/demo-video.webm';

const INTRO: Record<DemoBlockType, string> = {
  image: 'Here is an image example, drawn offline as an SVG:',
  video: 'Here is a video example (a short clip served by this server):',
  markdown: 'Here is a markdown example with a heading, a list, bold text and code:',
  html: 'Here is an HTML example: a small card with a button that changes its text when clicked.',
  json: 'Here is a JSON example with a nested object:',
};

export function demoBlockIntro(type: DemoBlockType): string {
  return INTRO[type];
}

/** The whole block, `!#block#!{"type","content"}!#/block#!`. */
export function demoBlock(type: DemoBlockType): string {
  return `${BLOCK_START}${JSON.stringify({ type, content: demoBlockContent(type) })}${BLOCK_END}`;
}

function demoBlockContent(type: DemoBlockType): unknown {
  switch (type) {
    case 'image':
      return { src: `data:image/svg+xml;base64,${Buffer.from(DEMO_SVG).toString('base64')}`, alt: 'Switchboard demo image', additional: 'Generated offline by the demo model' };
    case 'video':
      return { src: DEMO_VIDEO_SRC, alt: 'Switchboard demo clip', additional: 'Served by this server, so it plays offline' };
    case 'markdown':
      return [
        '# Demo markdown',
        '',
        'This block is rendered as **markdown**:',
        '',
        '- a list item with **bold** text',
        '- a list item with `inline code`',
        '',
        '```js',
        "console.log('hello from the demo model');",
        '```',
      ].join('\n');
    case 'html':
      return [
        '<div style="font-family:sans-serif;max-width:280px;padding:16px;border-radius:12px;background:#eef4ff;border:1px solid #b9cdf5">',
        '<h3 style="margin:0 0 8px">Demo card</h3>',
        '<p id="demo-text" style="margin:0 0 12px">Nothing clicked yet.</p>',
        '<button id="demo-button" style="padding:6px 12px;border:0;border-radius:6px;background:#2f6fde;color:#fff">Click me</button>',
        '</div>',
        '<script>document.getElementById("demo-button").addEventListener("click",function(){document.getElementById("demo-text").textContent="You clicked the button.";});</script>',
      ].join('');
    case 'json':
      return {
        agent: { name: 'Demo agent', model: 'local/demo' },
        tools: [
          { name: 'calculator', input: { expression: '2+3*4' } },
          { name: 'current_time', input: {} },
        ],
        usage: { input_tokens: 12, output_tokens: 34 },
        deterministic: true,
      };
  }
}

const DEMO_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120" viewBox="0 0 240 120">' +
  '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#2f6fde"/><stop offset="1" stop-color="#8a4fd8"/></linearGradient></defs>' +
  '<rect width="240" height="120" rx="14" fill="url(#g)"/>' +
  '<circle cx="44" cy="60" r="22" fill="#fff" opacity="0.85"/>' +
  '<text x="80" y="67" font-family="sans-serif" font-size="20" fill="#fff">Switchboard demo</text>' +
  '</svg>';

/**
 * Splits a block into several deltas so that both markers are cut across tokens, as real models do:
 * `!#bl` | `ock#!{"type…` … `…!#/blo` | `ck#!`.
 */
export function splitBlockIntoDeltas(block: string, size = 24): string[] {
  const deltas = [block.slice(0, 4)];
  const body = block.slice(4, -4);
  for (let i = 0; i < body.length; i += size) deltas.push(body.slice(i, i + size));
  deltas.push(block.slice(-4));
  return deltas;
}
