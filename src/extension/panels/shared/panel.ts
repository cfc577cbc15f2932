// What the panel registry needs from any panel controller, the result panels and the backprop
// walkthrough alike: reveal it, close it, hear when the user closes it.
import type * as vscode from 'vscode';

export interface Panel extends vscode.Disposable {
  reveal(column?: vscode.ViewColumn, preserveFocus?: boolean): void;
  onDidDispose(callback: () => void): void;
}
