/**
 * The words of the demo org. Every name is synthetic: first and last names
 * are drawn independently, so no real person's record is reproduced.
 */
export const FIRST_NAMES = [
  'Ada',
  'Amara',
  'Anton',
  'Aria',
  'Bea',
  'Bruno',
  'Carmen',
  'Cyrus',
  'Dalia',
  'Dario',
  'Elif',
  'Emeka',
  'Esme',
  'Felix',
  'Freya',
  'Gael',
  'Greta',
  'Hana',
  'Hugo',
  'Ines',
  'Ivo',
  'Jalen',
  'Juno',
  'Kai',
  'Kemal',
  'Lena',
  'Leon',
  'Lior',
  'Maya',
  'Milo',
  'Nadia',
  'Nico',
  'Noor',
  'Oren',
  'Otto',
  'Priya',
  'Quinn',
  'Rafa',
  'Rosa',
  'Sami',
  'Selin',
  'Tariq',
  'Tess',
  'Umar',
  'Vera',
  'Wren',
  'Yara',
  'Zane',
] as const;

export const LAST_NAMES = [
  'Abara',
  'Bergstrom',
  'Castell',
  'Dahl',
  'Esposito',
  'Falk',
  'Garnier',
  'Haddad',
  'Ibsen',
  'Jovanovic',
  'Kaur',
  'Lindqvist',
  'Moreau',
  'Nakamura',
  'Okafor',
  'Petrov',
  'Quiroga',
  'Rahman',
  'Sato',
  'Tanaka',
  'Ueda',
  'Valdez',
  'Weber',
  'Xu',
  'Yilmaz',
  'Zeller',
  'Adeyemi',
  'Brandt',
  'Cortez',
  'Dubois',
  'Eriksen',
  'Fischer',
  'Gomez',
  'Horvat',
  'Iyer',
  'Jensen',
  'Kowalski',
  'Laine',
  'Mensah',
  'Novak',
] as const;

export interface Department {
  name: string;
  headTitle: string;
  directorTitle: string;
  managerTitle: string;
  memberTitles: readonly string[];
}

const department = (name: string, headTitle: string, managerTitle: string, memberTitles: string[]): Department => ({
  name,
  headTitle,
  directorTitle: `Director of ${name}`,
  managerTitle,
  memberTitles,
});

/**
 * In the order the CEO's directs take them: People and Finance come early
 * because their heads co-sign people decisions, so every org has both.
 */
export const DEPARTMENTS: readonly Department[] = [
  department('Engineering', 'VP Engineering', 'Engineering Manager', ['Software Engineer', 'Site Reliability Engineer', 'QA Engineer']),
  department('People', 'Chief People Officer', 'People Partner Lead', ['People Partner', 'Recruiter', 'People Operations Specialist']),
  department('Finance', 'Chief Financial Officer', 'Finance Manager', ['Financial Analyst', 'Accountant', 'Controller']),
  department('Sales', 'VP Sales', 'Sales Manager', ['Account Executive', 'Sales Development Rep', 'Solutions Engineer']),
  department('Product', 'VP Product', 'Group Product Manager', ['Product Manager', 'Product Analyst', 'Product Designer']),
  department('Marketing', 'VP Marketing', 'Marketing Manager', ['Content Marketer', 'Growth Marketer', 'Brand Designer']),
  department('Customer Success', 'VP Customer Success', 'Customer Success Manager', [
    'Support Engineer',
    'Customer Success Specialist',
    'Onboarding Specialist',
  ]),
  department('Operations', 'COO', 'Operations Manager', ['Operations Analyst', 'Program Manager', 'Procurement Specialist']),
  department('Data', 'VP Data', 'Data Science Manager', ['Data Scientist', 'Data Engineer', 'Analytics Engineer']),
  department('Legal', 'General Counsel', 'Legal Manager', ['Counsel', 'Paralegal', 'Compliance Analyst']),
  department('Design', 'VP Design', 'Design Manager', ['Product Designer', 'UX Researcher', 'Design Technologist']),
  department('Security', 'CISO', 'Security Manager', ['Security Engineer', 'Security Analyst', 'GRC Specialist']),
];

export const CEO_TITLE = 'Chief Executive Officer';

export const OUTCOME_TITLES = [
  'Halve the time to onboard a new customer',
  'Ship self-serve billing',
  'Raise net revenue retention',
  'Cut the support backlog',
  'Launch in two new regions',
  'Make the quarterly close faster',
  'Improve reliability of the core API',
  'Grow qualified pipeline',
  'Reduce time to hire',
  'Modernise the data platform',
  'Pass the SOC 2 audit',
  'Lift activation of new sign-ups',
] as const;

export const SUCCESS_MEASURES = [
  'median onboarding under 5 days',
  'NRR at or above 110%',
  'p99 latency under 300 ms',
  'backlog under 50 tickets',
  'close done in 5 working days',
  'pipeline coverage 3x',
  'time to hire under 35 days',
  'activation at or above 40%',
  'zero critical audit findings',
  'customer satisfaction at or above 4.5',
] as const;

export const APPROVAL_TOPICS = [
  'Conference travel',
  'Software licence renewal',
  'Extra headcount for the quarter',
  'Contractor extension',
  'Team offsite budget',
  'Training course',
  'Cloud spend increase',
  'Vendor contract',
  'Equipment purchase',
  'Launch date change',
] as const;

export const RECLAIM_REASONS = [
  'Faster if I take it from here',
  'Not the approach I had in mind',
  'Too important to leave open',
  'Taking it back until the scope is clear',
] as const;

export const OVERRIDE_NOTES = [
  'Changed the vendor choice',
  'Cut the budget line',
  'Moved the launch scope',
  'Picked a different approach',
] as const;
