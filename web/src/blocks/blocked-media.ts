import { createMediaFrame } from './html-frame.js';
import { originOf, type MediaPolicy } from './media-policy.js';

export interface BlockedMediaInput {
  kind: 'image' | 'video';
  src: string;
  alt: string;
}

/**
 * An image or video from an origin outside MEDIA_ORIGINS: its address and a "Load" button instead of the
 * media itself, so model output cannot make the reader's browser fetch a URL (the exfiltration channel).
 * "Load" draws it in a sandbox frame whose policy names that one origin; the page's own policy stays strict.
 */
export function createBlockedMedia(doc: Document, media: BlockedMediaInput, policy: MediaPolicy): HTMLElement {
  const box = doc.createElement('span');
  box.className = 'blocked-media';
  box.dataset.testid = 'blocked-media';
  box.dataset.mediaUrl = media.src;
  const label = doc.createElement('span');
  label.className = 'blocked-media-label';
  label.textContent = `${media.kind === 'image' ? 'Image' : 'Video'} not loaded${media.alt ? ` (${media.alt})` : ''}:`;
  const url = doc.createElement('code');
  url.className = 'blocked-media-url';
  url.dataset.testid = 'blocked-media-url';
  url.textContent = media.src;
  const button = doc.createElement('button');
  button.type = 'button';
  button.className = 'btn small';
  button.dataset.testid = 'media-load';
  button.textContent = 'Load';
  button.title = 'Load it from this address (the site will see your request)';
  const origin = originOf(media.src);
  if (!origin) button.disabled = true;
  button.addEventListener('click', () => {
    if (!origin) return;
    const frame = createMediaFrame(doc, media, policy.frameSrc(origin));
    frame.dataset.testid = 'loaded-media';
    box.replaceWith(frame);
  });
  box.append(label, ' ', url, ' ', button);
  return box;
}
