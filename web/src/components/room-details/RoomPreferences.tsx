import { useSignal } from "@preact/signals";
import { useId } from "preact/hooks";
import type { Room, RoomSettingsBody } from "../../../../schema/rooms";
import { updateRoomSettings } from "../../api";
import { t } from "../../i18n";
import { describe } from "../../state/form";
import { FormAlert } from "../FormAlert";
import { DateTime } from "../screens/DateTime";
import { Panel } from "../screens/Panel";

// "Until I unmute" is a time nobody reaches, so the server needs no separate flag for it.
const FOREVER = "9999-12-31T23:59:59.000Z";
const HOUR = 3_600_000;

const MUTE_CHOICES = [
  { key: "details.mute.hour", ms: HOUR },
  { key: "details.mute.eightHours", ms: 8 * HOUR },
  { key: "details.mute.week", ms: 7 * 24 * HOUR },
  { key: "details.mute.forever", ms: null },
] as const;

interface RoomPreferencesProps {
  room: Room;
  onSaved: (room: Room) => void;
}

/** This person's own settings for the room: favorite, and muting its notifications. */
export function RoomPreferences({ room, onSaved }: RoomPreferencesProps) {
  const pending = useSignal(false);
  const problem = useSignal<string | null>(null);
  // The switch shows the new state while the server confirms it, and falls back if it refuses.
  const favoriteWanted = useSignal<boolean | null>(null);
  const muteLabelId = useId();
  const mutedUntil = room.muted_until && Date.parse(room.muted_until) > Date.now() ? room.muted_until : null;

  const save = async (body: RoomSettingsBody) => {
    pending.value = true;
    problem.value = null;
    try {
      onSaved(await updateRoomSettings(room.id, body));
    } catch (error) {
      problem.value = describe(error);
    } finally {
      pending.value = false;
      favoriteWanted.value = null;
    }
  };

  return (
    <Panel title={t("details.prefs.title")}>
      <label class="toggle">
        <input
          type="checkbox"
          role="switch"
          checked={favoriteWanted.value ?? room.favorite}
          disabled={pending.value}
          onChange={(event) => {
            favoriteWanted.value = event.currentTarget.checked;
            void save({ favorite: event.currentTarget.checked });
          }}
        />
        <span class="toggle-text">
          <span class="toggle-label">{t("details.prefs.favorite")}</span>
          <span class="choice-description">{t("details.prefs.favoriteHint")}</span>
        </span>
      </label>
      {mutedUntil ? (
        <div class="mute-state">
          <p role="status">
            {mutedUntil >= FOREVER ? (
              t("details.mute.untilUnmuted")
            ) : (
              <>
                {t("details.mute.until")} <DateTime iso={mutedUntil} />
              </>
            )}
          </p>
          <button type="button" class="button button-quiet button-small" disabled={pending.value} onClick={() => void save({ muted_until: null })}>
            {t("details.mute.unmute")}
          </button>
        </div>
      ) : (
        <div class="mute-choices" role="group" aria-labelledby={muteLabelId}>
          <p id={muteLabelId} class="mute-label">
            {t("details.mute.label")}
          </p>
          <div class="button-row">
            {MUTE_CHOICES.map((choice) => (
              <button
                key={choice.key}
                type="button"
                class="button button-quiet button-small"
                disabled={pending.value}
                onClick={() => void save({ muted_until: choice.ms === null ? FOREVER : new Date(Date.now() + choice.ms).toISOString() })}
              >
                {t(choice.key)}
              </button>
            ))}
          </div>
        </div>
      )}
      <FormAlert message={problem} />
    </Panel>
  );
}
