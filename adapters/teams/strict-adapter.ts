import { TeamsAdapter } from '@microsoft/teams-ai';
import { AuthenticationError } from 'botframework-connector';

const UNAUTHORIZED = 401;

/**
 * botbuilder answers some forged tokens (a signature by an unknown key, a malformed token)
 * with 500, because the JWT library's error is not an AuthenticationError. Here every
 * failure to authenticate an inbound request is a 401, as it is.
 */
export class StrictTeamsAdapter extends TeamsAdapter {
  constructor(...args: ConstructorParameters<typeof TeamsAdapter>) {
    super(...args);
    const authentication = this.botFrameworkAuthentication;
    const authenticate = authentication.authenticateRequest.bind(authentication);
    authentication.authenticateRequest = async (activity, header) => {
      try {
        return await authenticate(activity, header);
      } catch (error) {
        if (error instanceof AuthenticationError) throw error;
        throw new AuthenticationError(`Unauthorized: ${error instanceof Error ? error.message : 'invalid token'}`, UNAUTHORIZED);
      }
    };
  }
}
