// The documentation site (VitePress). `npm run build` writes settings.md
// from `worker-ctl settings --markdown` (scripts/settings.mjs), then builds
// into .vitepress/dist, which the GitLab Pages job publishes. Dead links
// fail the build (VitePress' default; do not set ignoreDeadLinks).
import { defineConfig } from 'vitepress';

// GitLab Pages serves a project under a path (https://group.gitlab.io/project/):
// CI_PAGES_URL names it in the pipeline; locally the site lives at /.
function base() {
  const url = process.env.CI_PAGES_URL;
  if (!url) return '/';
  const path = new URL(url).pathname;
  return path.endsWith('/') ? path : `${path}/`;
}

// Every page, in the order of the sidebar; scripts/check.mjs checks that
// each one was built.
export const pages = [
  { text: 'Overview', link: '/' },
  { text: 'Architecture', link: '/architecture' },
  { text: 'Quick start', link: '/quick-start' },
  { text: 'Settings', link: '/settings' },
  { text: 'The API', link: '/api' },
  { text: 'Worker and queues', link: '/worker' },
  { text: 'Deploying to AWS', link: '/deploy' },
  { text: 'Kubernetes', link: '/kubernetes' },
  { text: 'Operations runbook', link: '/runbook' },
  { text: 'Migrating from Django', link: '/migrating' },
];

export default defineConfig({
  title: 'Verbose Equals True, in C',
  description: 'A web application platform in C that replaces a Django stack',
  base: base(),
  lang: 'en-US',
  cleanUrls: false,
  lastUpdated: false,
  // The settings page's parts (scripts/settings.*.md) are not pages.
  srcExclude: ['scripts/**'],
  // No fonts, analytics or anything else from another origin.
  head: [],
  themeConfig: {
    nav: [
      { text: 'Quick start', link: '/quick-start' },
      { text: 'Settings', link: '/settings' },
      { text: 'Runbook', link: '/runbook' },
    ],
    sidebar: [{ text: 'Documentation', items: pages }],
    outline: [2, 3],
    search: { provider: 'local' },
    socialLinks: process.env.CI_PROJECT_URL
      ? [{ icon: 'gitlab', link: process.env.CI_PROJECT_URL }]
      : [],
  },
});
