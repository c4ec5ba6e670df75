import { applyUpdate, updateReady } from "../state/update";

export function UpdateBanner() {
  if (!updateReady.value) return null;
  return (
    <div class="update-banner" role="status">
      <span>A new version of Parley is ready.</span>
      <button type="button" class="button button-small" onClick={() => void applyUpdate()}>
        Reload
      </button>
    </div>
  );
}
