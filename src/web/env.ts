/** The web app's request context: the app's (AppEnv) and the browser session. */
import type { AppEnv } from '../http/context.js';
import type { Session } from './session.js';

export interface WebEnv {
  Variables: AppEnv['Variables'] & {
    session: Session;
  };
}
