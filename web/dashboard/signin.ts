/** The sign-in screen: paste a seller token, or (local mode only) have the local server sign one. */
import { byId } from '../shared/dom';

export class SignInView {
  private readonly screen = byId('signin');
  private readonly form = byId<HTMLFormElement>('signin-form');
  private readonly tokenInput = byId<HTMLInputElement>('token-input');
  private readonly error = byId('signin-error');
  private readonly localForm = byId<HTMLFormElement>('local-form');

  constructor(localMode: boolean, onToken: (token: string) => Promise<void>, onLocalToken: (sellerId: string, teams: string[]) => Promise<void>) {
    this.localForm.hidden = !localMode;
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.busy(this.form, () => onToken(this.tokenInput.value));
    });
    this.localForm.addEventListener('submit', (event) => {
      event.preventDefault();
      const sellerId = byId<HTMLInputElement>('local-seller').value.trim();
      const teams = byId<HTMLInputElement>('local-teams')
        .value.split(',')
        .map((team) => team.trim())
        .filter(Boolean);
      void this.busy(this.localForm, () => onLocalToken(sellerId, teams));
    });
  }

  /** Disables a form's buttons while its request runs, so a double click signs in once. */
  private async busy(form: HTMLFormElement, run: () => Promise<void>): Promise<void> {
    const buttons = Array.from(form.querySelectorAll('button'));
    for (const button of buttons) button.disabled = true;
    this.error.textContent = '';
    try {
      await run();
    } finally {
      for (const button of buttons) button.disabled = false;
    }
  }

  show(error = '', token?: string): void {
    if (token !== undefined) this.tokenInput.value = token;
    this.error.textContent = error;
    this.screen.hidden = false;
    if (!this.tokenInput.value) this.tokenInput.focus();
  }

  hide(): void {
    this.screen.hidden = true;
    this.error.textContent = '';
    this.tokenInput.value = '';
  }
}
