export const sessionKinds = ['orientation', 'lecture', 'policy_presentation', 'site_visit', 'discussion', 'group_work', 'group_presentation', 'closing'] as const;
