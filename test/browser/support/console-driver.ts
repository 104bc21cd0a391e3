import type { Locator, Page } from 'playwright-core';

/** The console's steps as a person takes them (issue 18): sign in, open a section, fill a form. */
export function consoleDriver(page: Page, baseUrl: string) {
  const byTestId = (id: string): Locator => page.locator(`[data-testid="${id}"]`);

  return {
    byTestId,

    /** Signs in on the login form and waits for the signed-in page (chat or console, by the hash). */
    async logIn(email: string, password: string, hash = '#/agents'): Promise<void> {
      await page.goto(`${baseUrl}/${hash}`);
      await byTestId('login-email').fill(email);
      await byTestId('login-password').fill(password);
      await byTestId('login-submit').click();
      await page.locator('[data-testid="console"], [data-testid="app"]').first().waitFor();
    },

    async logOut(): Promise<void> {
      await byTestId('logout').click();
      await byTestId('login-email').waitFor();
    },

    /** Opens a section from the top bar and waits for its screen. */
    async open(section: string, screenTestId: string): Promise<void> {
      await byTestId(`nav-${section}`).click();
      await byTestId(screenTestId).waitFor();
    },

    async goto(hash: string, screenTestId: string): Promise<void> {
      await page.evaluate((h) => {
        window.location.hash = h;
      }, hash);
      await byTestId(screenTestId).waitFor();
    },

    /** Waits until a form's message line says something, and returns it. */
    async message(): Promise<string> {
      const line = byTestId('form-message');
      await line.waitFor({ state: 'visible' });
      return (await line.textContent()) ?? '';
    },

    /** The page is no wider than its viewport (nothing forces sideways scrolling). */
    async overflowsSideways(): Promise<boolean> {
      return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    },
  };
}
