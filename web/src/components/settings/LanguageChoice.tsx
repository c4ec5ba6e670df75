import { locale, setLocale, t, type Locale } from "../../i18n";
import { ChoiceGroup } from "../screens/ChoiceGroup";

// Each language is named in itself, so someone who cannot read the current one finds theirs.
const LANGUAGES: readonly { value: Locale; label: string; lang: string }[] = [
  { value: "en", label: "English", lang: "en" },
  { value: "ko", label: "한국어", lang: "ko" },
];

export function LanguageChoice() {
  return <ChoiceGroup legend={t("settings.language.legend")} choices={LANGUAGES} value={locale.value} onChange={setLocale} />;
}
