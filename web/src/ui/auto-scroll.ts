/** Within this many pixels of the bottom counts as "at the bottom". */
const BOTTOM_SLACK_PX = 48;

export interface AutoScroll {
  /** Scroll to the newest message and follow again (after sending, or from the jump button). */
  pin(): void;
  readonly pinned: boolean;
}

/**
 * Follows new content while the reader is at the bottom; once they scroll up it stops following and
 * shows the jump button, until they come back down.
 */
export function createAutoScroll(container: HTMLElement, jumpButton: HTMLElement): AutoScroll {
  let pinned = true;
  let lastTop = container.scrollTop;
  const atBottom = (): boolean => container.scrollHeight - container.scrollTop - container.clientHeight <= BOTTOM_SLACK_PX;
  const show = (): void => {
    jumpButton.hidden = pinned;
  };
  const follow = (): void => {
    if (!pinned) return;
    container.scrollTop = container.scrollHeight;
    lastTop = container.scrollTop;
  };

  container.addEventListener(
    'scroll',
    () => {
      const top = container.scrollTop;
      if (atBottom()) pinned = true;
      // Growing content never moves scrollTop up, so an upward move is the reader.
      else if (top < lastTop - 1) pinned = false;
      lastTop = top;
      show();
    },
    { passive: true },
  );
  container.addEventListener('wheel', (event) => {
    if (event.deltaY < 0 && container.scrollHeight > container.clientHeight) {
      pinned = false;
      show();
    }
  }, { passive: true });

  new MutationObserver(follow).observe(container, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['style', 'open'] });
  if (typeof ResizeObserver !== 'undefined') new ResizeObserver(follow).observe(container);
  // Images and frames change height after load.
  container.addEventListener('load', follow, true);

  jumpButton.addEventListener('click', () => api.pin());
  const api: AutoScroll = {
    pin() {
      pinned = true;
      show();
      follow();
    },
    get pinned() {
      return pinned;
    },
  };
  show();
  return api;
}
