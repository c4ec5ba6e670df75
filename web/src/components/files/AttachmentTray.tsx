import { t } from "../../i18n";
import { removeFromTray, tray, trayProblem } from "../../state/attachments";
import { Icon } from "../Icon";
import { fileSize } from "./formatFile";

/** The files chosen for the next message, before it is sent: each can be taken out. */
export function AttachmentTray() {
  const items = tray.value;
  const problem = trayProblem.value;
  if (items.length === 0 && !problem) return null;
  return (
    <div class="attachment-tray">
      {items.length > 0 && (
        <ul class="attachment-tray-list" aria-label={t("files.tray")}>
          {items.map((item) => (
            <li key={item.id} class="tray-item" data-image={item.preview ? "" : undefined}>
              {item.preview ? (
                <img src={item.preview} alt={item.file.name} class="tray-thumb" />
              ) : (
                <span class="tray-card">
                  <Icon name="file" size={18} />
                  <span class="tray-name" title={item.file.name}>
                    {item.file.name}
                  </span>
                  <span class="tray-size">{fileSize(item.file.size)}</span>
                </span>
              )}
              <button type="button" class="tray-remove" aria-label={t("files.remove", { name: item.file.name })} onClick={() => removeFromTray(item.id)}>
                <Icon name="close" size={14} />
              </button>
            </li>
          ))}
        </ul>
      )}
      {problem && (
        <p class="tray-problem" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
