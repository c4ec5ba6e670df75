import { useSignal } from "@preact/signals";
import { useRef } from "preact/hooks";
import { uploadFile } from "../../api";
import { t } from "../../i18n";
import { describe } from "../../state/form";
import { FormAlert } from "../FormAlert";
import { squareAvatar } from "../files/images";

class NotAnImage extends Error {}

const ACCEPTED = "image/jpeg,image/png,image/gif,image/webp,image/avif";

interface AvatarChooserProps {
  /** Whether there is a picture to remove. */
  hasPicture: boolean;
  /** Saves the new picture (an upload id), or removes it (null). */
  save: (uploadId: string | null) => Promise<void>;
}

/**
 * Changes or removes a picture (a person's or a room's): the chosen image is cropped to
 * its centre square and scaled to 256×256 here, so the upload stays small.
 */
export function AvatarChooser({ hasPicture, save }: AvatarChooserProps) {
  const input = useRef<HTMLInputElement>(null);
  const pending = useSignal(false);
  const status = useSignal("");
  const problem = useSignal<string | null>(null);

  const run = async (task: () => Promise<string>) => {
    pending.value = true;
    problem.value = null;
    status.value = t("avatar.saving");
    try {
      status.value = await task();
    } catch (error) {
      status.value = "";
      problem.value = error instanceof NotAnImage ? t("avatar.notImage") : describe(error);
    } finally {
      pending.value = false;
    }
  };

  const choose = (file: File) =>
    run(async () => {
      const square = await squareAvatar(file);
      if (!square) throw new NotAnImage();
      const upload = await uploadFile(square, "avatar.png");
      await save(upload.id);
      return t("avatar.saved");
    });

  return (
    <div class="avatar-chooser">
      <div class="button-row">
        <button type="button" class="button button-quiet button-small" disabled={pending.value} onClick={() => input.current?.click()}>
          {hasPicture ? t("avatar.change") : t("avatar.choose")}
        </button>
        {hasPicture && (
          <button
            type="button"
            class="button button-quiet button-small"
            disabled={pending.value}
            onClick={() =>
              void run(async () => {
                await save(null);
                return t("avatar.removed");
              })
            }
          >
            {t("avatar.remove")}
          </button>
        )}
      </div>
      <input
        ref={input}
        type="file"
        accept={ACCEPTED}
        hidden
        tabIndex={-1}
        aria-label={hasPicture ? t("avatar.change") : t("avatar.choose")}
        onChange={(event) => {
          const element = event.currentTarget as HTMLInputElement;
          const file = element.files?.[0];
          element.value = "";
          if (file) void choose(file);
        }}
      />
      <FormAlert message={problem} />
      <p class="form-status" role="status">
        {status.value}
      </p>
    </div>
  );
}
