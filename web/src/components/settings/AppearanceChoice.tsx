import { t } from "../../i18n";
import { setTheme, theme, type ThemeChoice } from "../../state/theme";
import { ChoiceGroup } from "../screens/ChoiceGroup";

export function AppearanceChoice() {
  const choices = [
    { value: "system", label: t("settings.theme.system"), description: t("settings.theme.systemHint") },
    { value: "light", label: t("settings.theme.light") },
    { value: "dark", label: t("settings.theme.dark") },
  ] as const satisfies readonly { value: ThemeChoice; label: string; description?: string }[];
  return <ChoiceGroup legend={t("settings.theme.legend")} choices={choices} value={theme.value} onChange={setTheme} />;
}
