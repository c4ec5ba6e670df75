import { useSignal } from "@preact/signals";
import { exportMyData } from "../../api";
import { t } from "../../i18n";
import { describe } from "../../state/form";
import { FormAlert } from "../FormAlert";
import { Panel } from "../screens/Panel";

// The browser reads the object URL after click() returns; the bytes are let go a while later.
const RELEASE_AFTER_MS = 60_000;

function save(file: Blob, name: string) {
  const url = URL.createObjectURL(file);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), RELEASE_AFTER_MS);
}

/** A copy of what the account holds, as a JSON file: worth taking before deleting it. */
export function ExportData() {
  const busy = useSignal(false);
  const problem = useSignal<string | null>(null);

  const download = async () => {
    busy.value = true;
    problem.value = null;
    try {
      const { file, name } = await exportMyData();
      save(file, name);
    } catch (error) {
      problem.value = describe(error);
    } finally {
      busy.value = false;
    }
  };

  return (
    <Panel title={t("settings.export.title")} lead={t("settings.export.lead")}>
      <FormAlert message={problem} />
      <div>
        <button type="button" class="button button-quiet" onClick={download} disabled={busy.value}>
          {busy.value ? t("settings.export.working") : t("settings.export.download")}
        </button>
      </div>
    </Panel>
  );
}
