// The locales formatLocalTime/formatUniversalTime accept, with the names and formats of the C
// library's locale data (LC_TIME). "en" uses the POSIX formats, as chrono does without a locale.

export interface Locale {
  days: string[]; // Sunday first
  shortDays: string[];
  months: string[];
  shortMonths: string[];
  /** AM/PM words ("" where the locale has none). */
  ampm: [string, string];
  dateTime: string; // %c
  date: string; // %x
  time: string; // %X
  time12: string; // %r
}

const EUROPEAN = { dateTime: "%a %d %b %Y %T %Z", time: "%T", time12: "%I:%M:%S %p", ampm: ["", ""] as [string, string] };

export const LOCALES: Record<string, Locale> = {
  en: {
    days: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
    shortDays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
    months: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    shortMonths: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    ampm: ["AM", "PM"],
    dateTime: "%a %b %e %H:%M:%S %Y",
    date: "%m/%d/%y",
    time: "%H:%M:%S",
    time12: "%I:%M:%S %p",
  },
  de: {
    ...EUROPEAN,
    days: ["Sonntag", "Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag"],
    shortDays: ["So", "Mo", "Di", "Mi", "Do", "Fr", "Sa"],
    months: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
    shortMonths: ["Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez"],
    date: "%d.%m.%Y",
  },
  es: {
    ...EUROPEAN,
    days: ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"],
    shortDays: ["dom", "lun", "mar", "mié", "jue", "vie", "sáb"],
    months: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
    shortMonths: ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
    date: "%d/%m/%y",
  },
  fr: {
    ...EUROPEAN,
    days: ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"],
    shortDays: ["dim.", "lun.", "mar.", "mer.", "jeu.", "ven.", "sam."],
    months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    shortMonths: ["janv.", "févr.", "mars", "avril", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    date: "%d/%m/%Y",
  },
  it: {
    ...EUROPEAN,
    days: ["domenica", "lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato"],
    shortDays: ["dom", "lun", "mar", "mer", "gio", "ven", "sab"],
    months: ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
    shortMonths: ["gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"],
    date: "%d/%m/%Y",
  },
  ja: {
    days: ["日曜日", "月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日"],
    shortDays: ["日", "月", "火", "水", "木", "金", "土"],
    months: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
    shortMonths: [" 1月", " 2月", " 3月", " 4月", " 5月", " 6月", " 7月", " 8月", " 9月", "10月", "11月", "12月"],
    ampm: ["午前", "午後"],
    dateTime: "%Y年%m月%d日 %H時%M分%S秒",
    date: "%Y年%m月%d日",
    time: "%H時%M分%S秒",
    time12: "%p%I時%M分%S秒",
  },
  pl: {
    ...EUROPEAN,
    days: ["niedziela", "poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota"],
    shortDays: ["nie", "pon", "wto", "śro", "czw", "pią", "sob"],
    months: ["styczeń", "luty", "marzec", "kwiecień", "maj", "czerwiec", "lipiec", "sierpień", "wrzesień", "październik", "listopad", "grudzień"],
    shortMonths: ["sty", "lut", "mar", "kwi", "maj", "cze", "lip", "sie", "wrz", "paź", "lis", "gru"],
    dateTime: "%a, %-d %b %Y, %T",
    date: "%d.%m.%Y",
  },
  pt: {
    ...EUROPEAN,
    days: ["domingo", "segunda", "terça", "quarta", "quinta", "sexta", "sábado"],
    shortDays: ["dom", "seg", "ter", "qua", "qui", "sex", "sáb"],
    months: ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
    shortMonths: ["jan", "fev", "mar", "abr", "mai", "jun", "jul", "ago", "set", "out", "nov", "dez"],
    date: "%d/%m/%Y",
  },
  tr: {
    ...EUROPEAN,
    days: ["Pazar", "Pazartesi", "Salı", "Çarşamba", "Perşembe", "Cuma", "Cumartesi"],
    shortDays: ["Paz", "Pzt", "Sal", "Çrş", "Prş", "Cum", "Cmt"],
    months: ["Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos", "Eylül", "Ekim", "Kasım", "Aralık"],
    shortMonths: ["Oca", "Şub", "Mar", "Nis", "May", "Haz", "Tem", "Ağu", "Eyl", "Eki", "Kas", "Ara"],
    ampm: ["ÖÖ", "ÖS"],
    dateTime: "%a %d %b %Y %T",
    date: "%d-%m-%Y",
  },
};

/** The locale a name means: case-insensitive, `_` or `-` separated, a region falls back to its
 * language (`fr_FR` → fr, `en-US` → en, `pt_BR` → pt). */
export function findLocale(name: string): Locale | undefined {
  const n = name.trim().toLowerCase().replace("_", "-");
  const lang = n.split("-")[0];
  return Object.hasOwn(LOCALES, n) ? LOCALES[n] : Object.hasOwn(LOCALES, lang) ? LOCALES[lang] : undefined;
}
