// The getting-started walkthrough (contributes.walkthroughs): its id and steps, shared by the
// extension (which reopens it after copying the demo), the manifest test and the e2e test.
export const WALKTHROUGH_ID = 'hai.gettingStarted';

/** Step ids in the order the manifest lists them. */
export const WALKTHROUGH_STEPS = ['demo', 'completion', 'snippet', 'hub', 'data', 'annotation', 'job'] as const;
export type WalkthroughStep = (typeof WALKTHROUGH_STEPS)[number];

/** Context key set once a HAI snippet has been inserted in this window (ticks the snippet step). */
export const SNIPPET_INSERTED_CONTEXT = 'hai.snippetInserted';

/**
 * Context key set in the window that opened a demo just copied (ticks the demo step there too: `npm
 * start` serves such a copy, and no "Open Demo Project" ran before it).
 */
export const DEMO_OPENED_CONTEXT = 'hai.demoOpened';

/**
 * A file in a demo just copied: the window that opens the folder is activated by it
 * (`workspaceContains`), removes it and resumes the walkthrough.
 */
export const DEMO_RESUME_MARKER = '.hai-resume-walkthrough';

/** The folder the demo is copied into, inside the one the user picks. */
export const DEMO_FOLDER_NAME = 'hai-demo';

/**
 * The folder name for the demo inside a parent that already holds `taken` names: hai-demo, else
 * hai-demo-2, -3…, so that a second copy never mixes into the first.
 */
export function freeDemoFolderName(taken: ReadonlySet<string>): string {
  if (!taken.has(DEMO_FOLDER_NAME)) return DEMO_FOLDER_NAME;
  for (let i = 2; ; i++) {
    const name = `${DEMO_FOLDER_NAME}-${i}`;
    if (!taken.has(name)) return name;
  }
}
