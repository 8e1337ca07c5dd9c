// Translations: Dutch by default, English on request. The choice is kept in localStorage (no cookie needed).
const TEXT = {
  nl: {
    'app.name': 'Poortwachter',
    'lang.switch': 'English',
    'login.title': 'Inloggen',
    'login.username': 'Gebruikersnaam',
    'login.password': 'Wachtwoord',
    'login.submit': 'Inloggen',
    'login.failed': 'Onbekende gebruikersnaam of onjuist wachtwoord.',
    'login.locked': 'Te veel mislukte pogingen. Probeer het over {s} seconden opnieuw.',
    'login.error': 'Inloggen lukt nu niet. Probeer het later opnieuw.',
    'change.title': 'Kies een nieuw wachtwoord',
    'change.intro': 'Dit wachtwoord was tijdelijk. Kies een eigen wachtwoord van minstens 12 tekens.',
    'change.current': 'Huidig wachtwoord',
    'change.new': 'Nieuw wachtwoord',
    'change.submit': 'Wachtwoord opslaan',
    'home.title': 'Startpagina',
    'home.signedIn': 'Ingelogd als {user} (rol: {role})',
    'home.may': 'Wat u mag doen',
    'home.logout': 'Uitloggen',
    'home.nothing': 'Uw rol geeft geen toegang tot functies in deze versie.',
    'perm.camera_view': 'Camera’s bekijken die aan u zijn toegewezen',
    'perm.camera_admin': 'Camera’s toevoegen, testen, wijzigen en verwijderen',
    'perm.recordings_index': 'Zien wanneer er opnamen zijn',
    'perm.live': 'Live meekijken',
    'perm.playback': 'Opnamen terugkijken (met opgave van doel)',
    'perm.export': 'Opnamen exporteren (met opgave van doel)',
    'perm.audit_read': 'Toegangslog en verwerkingslog inzien, exporteren en controleren',
    'perm.user_admin': 'Gebruikers, rollen en cameratoegang beheren',
    'perm.policy_admin': 'Uitzonderingen op het cameraprotocolbeleid vastleggen',
    'perm.metrics': 'Technische meetgegevens (metrics) lezen',
    'perm.authenticated': 'De API-beschrijving lezen',
    'link.audit': 'Naar het toegangslog',
    'link.api': 'API-beschrijving',
    'audit.title': 'Toegangslog',
    'audit.filter': 'Filteren',
    'audit.user': 'Gebruiker',
    'audit.camera': 'Camera',
    'audit.action': 'Handeling',
    'audit.result': 'Resultaat',
    'audit.from': 'Vanaf',
    'audit.to': 'Tot',
    'audit.search': 'Zoeken',
    'audit.more': 'Meer laden',
    'audit.export': 'Exporteren',
    'audit.csv': 'CSV',
    'audit.json': 'JSON',
    'audit.verify': 'Keten controleren',
    'audit.key': 'Publieke sleutel (PEM)',
    'audit.none': 'Geen regels gevonden.',
    'audit.count': '{n} regels getoond',
    'audit.ok': 'De keten is intact: {n} regels, waarvan {cp} door een ondertekend controlepunt gedekt (tot regel {last}).',
    'audit.bad': 'De controle faalt bij regel {seq}: {problem}',
    'col.seq': 'Nr.',
    'col.time': 'Tijd (UTC)',
    'col.actor': 'Gebruiker',
    'col.role': 'Rol',
    'col.action': 'Handeling',
    'col.object': 'Object',
    'col.range': 'Tijdvak',
    'col.result': 'Resultaat',
    'col.origin': 'Herkomst',
    'col.purpose': 'Doel',
    'col.case': 'Zaaknummer',
    'back.home': 'Startpagina',
  },
  en: {
    'app.name': 'Poortwachter',
    'lang.switch': 'Nederlands',
    'login.title': 'Log in',
    'login.username': 'User name',
    'login.password': 'Password',
    'login.submit': 'Log in',
    'login.failed': 'Unknown user name or wrong password.',
    'login.locked': 'Too many failed attempts. Try again in {s} seconds.',
    'login.error': 'Logging in is not possible now. Try again later.',
    'change.title': 'Choose a new password',
    'change.intro': 'This password was temporary. Choose your own of at least 12 characters.',
    'change.current': 'Current password',
    'change.new': 'New password',
    'change.submit': 'Save password',
    'home.title': 'Home',
    'home.signedIn': 'Logged in as {user} (role: {role})',
    'home.may': 'What you may do',
    'home.logout': 'Log out',
    'home.nothing': 'Your role gives access to no functions in this version.',
    'perm.camera_view': 'See the cameras granted to you',
    'perm.camera_admin': 'Add, test, edit and remove cameras',
    'perm.recordings_index': 'See when there is footage',
    'perm.live': 'Watch live',
    'perm.playback': 'Play back recordings (stating a purpose)',
    'perm.export': 'Export recordings (stating a purpose)',
    'perm.audit_read': 'Read, export and verify the access and processing logs',
    'perm.user_admin': 'Manage users, roles and camera grants',
    'perm.policy_admin': 'Record exceptions to the camera protocol policy',
    'perm.metrics': 'Read technical metrics',
    'perm.authenticated': 'Read the API description',
    'link.audit': 'Open the access log',
    'link.api': 'API description',
    'audit.title': 'Access log',
    'audit.filter': 'Filter',
    'audit.user': 'User',
    'audit.camera': 'Camera',
    'audit.action': 'Action',
    'audit.result': 'Result',
    'audit.from': 'From',
    'audit.to': 'To',
    'audit.search': 'Search',
    'audit.more': 'Load more',
    'audit.export': 'Export',
    'audit.csv': 'CSV',
    'audit.json': 'JSON',
    'audit.verify': 'Verify chain',
    'audit.key': 'Public key (PEM)',
    'audit.none': 'No entries found.',
    'audit.count': '{n} entries shown',
    'audit.ok': 'The chain is intact: {n} entries, {cp} signed checkpoints checked (up to entry {last}).',
    'audit.bad': 'Verification fails at entry {seq}: {problem}',
    'col.seq': 'No.',
    'col.time': 'Time (UTC)',
    'col.actor': 'User',
    'col.role': 'Role',
    'col.action': 'Action',
    'col.object': 'Object',
    'col.range': 'Time range',
    'col.result': 'Result',
    'col.origin': 'Origin',
    'col.purpose': 'Purpose',
    'col.case': 'Case number',
    'back.home': 'Home',
  },
};

export function lang() {
  const stored = localStorage.getItem('pw-lang');
  return stored === 'en' ? 'en' : 'nl';
}

/** A translated text; {name} placeholders are filled from vars (as text, never as HTML). */
export function t(key, vars = {}) {
  const s = TEXT[lang()][key] ?? TEXT.nl[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}

/** Fills every element carrying data-i18n, and the language button; call after each language change. */
export function translate(root = document) {
  document.documentElement.lang = lang();
  for (const el of root.querySelectorAll('[data-i18n]')) {
    el.textContent = t(el.dataset.i18n);
  }
}

export function setupLanguageSwitch(onChange) {
  const button = document.getElementById('lang-switch');
  translate();
  button.addEventListener('click', () => {
    localStorage.setItem('pw-lang', lang() === 'nl' ? 'en' : 'nl');
    translate();
    if (onChange) onChange();
  });
}
