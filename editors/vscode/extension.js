// The rectilaw extension: starts `rectilaw lsp` and hands it the rule files.
//
// Everything the editor shows beyond colours (diagnostics, hover, definitions, completion,
// formatting, quick fixes, the outline, the worked-examples code lens) comes from the server;
// this file only starts it with the user's settings and restarts it on request.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

// `${workspaceFolder}` in the command stands for the first folder of the workspace.
function expand(part) {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? "";
  return part.split("${workspaceFolder}").join(folder);
}

function serverOptions(settings) {
  const [command, ...args] = settings.get("server.command", ["rectilaw", "lsp"]).map(expand);
  return { command, args, transport: TransportKind.stdio };
}

function initializationOptions(settings) {
  return {
    analysisBudget: settings.get("analysis.budget", 10),
    prover: settings.get("analysis.prover", "auto"),
    examples: settings.get("examples", []),
  };
}

async function start() {
  const settings = vscode.workspace.getConfiguration("rectilaw");
  client = new LanguageClient("rectilaw", "rectilaw", serverOptions(settings), {
    documentSelector: [{ language: "rectilaw" }],
    initializationOptions: initializationOptions(settings),
  });
  try {
    await client.start();
  } catch (error) {
    const command = settings.get("server.command", ["rectilaw", "lsp"]).join(" ");
    vscode.window.showErrorMessage(
      `rectilaw: could not start the language server with \`${command}\` (${error.message}). ` +
        "Install it with pip install 'rectilaw[lsp]', or set rectilaw.server.command.");
  }
}

async function stop() {
  if (client) {
    const running = client;
    client = undefined;
    await running.stop();
  }
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand("rectilaw.restartServer", async () => {
      await stop();
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("rectilaw")) {
        await stop();
        await start();
      }
    }),
  );
  await start();
}

function deactivate() {
  return stop();
}

module.exports = { activate, deactivate };
