import type { SessionRow, UserRow } from "../schema/tables";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    user: UserRow;
    session: SessionRow;
  };
}
