import { useEffect } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { LEDGER_PORT } from '@/utils/firm-ledger/keys';

/** The port name the background's firm ledger service listens on (firm-ledger-service.ts). */
/** Below the service worker's 30 s idle stop: each ping is an event that keeps it awake. */
const PING_MS = 20_000;

/**
 * While a panel or options page is open, the background's live replication stays up: the page holds
 * a port open and pings through it, and reconnects if the worker was stopped anyway.
 */
export function useLedgerPort(): void {
  useEffect(() => {
    let port: ReturnType<typeof browser.runtime.connect> | null = null;
    let closed = false;
    const connect = () => {
      if (closed) return;
      port = browser.runtime.connect({ name: LEDGER_PORT });
      port.onDisconnect.addListener(() => {
        port = null;
        setTimeout(connect, 1_000);
      });
    };
    connect();
    const timer = setInterval(() => {
      try {
        port?.postMessage('ping');
      } catch {
        port = null;
        connect();
      }
    }, PING_MS);
    return () => {
      closed = true;
      clearInterval(timer);
      port?.disconnect();
    };
  }, []);
}
