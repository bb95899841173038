/**
 * A StatsigService that never leaves the machine.
 *
 * @forge/lint's manifest linters take a StatsigService (@forge/cli-shared) and call
 * `getDeprecatedRuntimes()` in bootstrap(); the real service answers it by POSTing to
 * api.atlassian.com/flags with the Forge login's account id (CredentialStore → keytar) and the
 * app id. `lint()` and `getClientSideLintersOnly()` are typed with the class itself, so the
 * offline stand-in is a subclass: it overrides the two methods every public helper goes through
 * (checkGate, getDynamicConfig), so the fetching code is never reached, and gets a credential
 * getter and app-config reader that answer "no login" / "missing" without touching keytar or disk.
 *
 * "No answer" is what the real service returns when the request fails, and every caller has a
 * default for it: e.g. getDeprecatedRuntimes() → [], i.e. no runtime is flagged as deprecated.
 */
import { NullLogger, StatsigService } from '@forge/cli-shared';

export class OfflineStatsigService extends StatsigService {
  constructor() {
    super(
      NullLogger,
      undefined,
      {
        getCredentials: () =>
          Promise.reject(new Error('lint:forge runs offline and never reads a Forge login')),
      },
      { readConfigSection: () => Promise.resolve('missing') },
    );
  }

  override checkGate(): Promise<boolean | null> {
    return Promise.resolve(null);
  }

  override getDynamicConfig(): Promise<null> {
    return Promise.resolve(null);
  }
}
