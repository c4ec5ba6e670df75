import type { SessionRow, UserRow } from "../schema/tables";
import type { Membership } from "./rooms/membership";

export interface AppEnv {
  Bindings: Env;
  Variables: {
    requestId: string;
    user: UserRow;
    session: SessionRow;
    membership: Membership;
  };
}
