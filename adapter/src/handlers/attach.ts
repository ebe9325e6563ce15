// `attach`: not built yet, and it says so.
import { UserError } from '../errors';
import type { RequestHandler } from './requestHandler';

export const attach: RequestHandler = async () => {
  throw new UserError(
    'NotAvailableYet',
    'attach is not available yet in this build of Rewind; start the program with a launch configuration instead.',
  );
};
