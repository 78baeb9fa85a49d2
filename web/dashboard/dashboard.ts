/**
 * The seller dashboard's entry point: reads the page's config, signs in (a saved token first), and
 * starts one DashboardApp per sign-in.
 */
import { HttpError } from '../shared/http';
import { DashboardApi, describeError } from './api';
import { DashboardApp, type DashboardConfig } from './app';
import { decodeSellerToken, fetchLocalToken, forgetToken, savedToken, saveToken, TokenError } from './seller-token';
import { SignInView } from './signin';

function readConfig(): DashboardConfig {
  const data = document.body.dataset;
  return { wsUrl: data.wsUrl ?? '', apiUrl: data.apiUrl ?? '', localMode: data.localMode === 'true' };
}

/** Why the server refused a token, as the sign-in form says it. */
function refusal(error: unknown): string {
  if (error instanceof HttpError && error.status === 401) {
    return `The server refused this token (${error.message}). It may have expired or be signed for another server: get a new one.`;
  }
  if (error instanceof HttpError && error.status === 403) return `This token cannot open the seller dashboard (${error.message}).`;
  return `Could not sign in: ${describeError(error)}`;
}

function main(): void {
  const config = readConfig();
  let app: DashboardApp | undefined;

  const signOut = (message?: string) => {
    app?.stop();
    app = undefined;
    forgetToken();
    signIn.show(message ?? '');
  };

  /** Checks the token locally, then with one cheap API call, before the dashboard opens. */
  const useToken = async (raw: string, restoring = false): Promise<void> => {
    let seller;
    try {
      seller = decodeSellerToken(raw);
    } catch (error) {
      if (restoring) forgetToken();
      signIn.show(error instanceof TokenError ? error.message : String(error), raw);
      return;
    }
    try {
      await new DashboardApi(config.apiUrl, seller.token, () => undefined).probe();
    } catch (error) {
      if (error instanceof HttpError) forgetToken();
      signIn.show(refusal(error), raw);
      return;
    }
    saveToken(seller.token);
    signIn.hide();
    app = new DashboardApp(seller, config, signOut);
    app.start();
  };

  const signIn = new SignInView(
    config.localMode,
    (token) => useToken(token),
    async (sellerId, teams) => {
      try {
        await useToken(await fetchLocalToken(sellerId, teams));
      } catch (error) {
        signIn.show(error instanceof TokenError ? error.message : `Could not get a local token: ${describeError(error)}`);
      }
    },
  );

  const saved = savedToken();
  if (saved) void useToken(saved, true);
  else signIn.show();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
else main();
