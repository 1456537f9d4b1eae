/**
 * Names the code shares with manifest.json (the extension's pages, its keyboard command, its icon), read from it so
 * that each is written once. Named imports: a bundle keeps only the manifest keys read here.
 */
import { action, commands, icons, options_ui } from '../../manifest.json';

type CommandName = keyof typeof commands;

/** The call panel: the toolbar popup, also opened in a window of its own (`?view=window`). */
export const POPUP_PAGE = action.default_popup;
/** The options page. */
export const OPTIONS_PAGE = options_ui.page;
/** The icon our notifications show. */
export const NOTIFICATION_ICON = icons['128'];
/** The icon at the head of the options page. */
export const PAGE_ICON = icons['48'];

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}

const [callSelection, ...otherCommands] = Object.keys(commands).filter(isCommandName);
if (callSelection === undefined || otherCommands.length > 0) {
  throw new Error(
    'manifest.json: "commands" should hold one command, the one that calls the selection; name new ones here',
  );
}
/** The keyboard command that calls the selected text (Alt+Shift+C by default). */
export const CALL_SELECTION_COMMAND: CommandName = callSelection;
