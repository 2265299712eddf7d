/**
 * Acknowledgements released in the order their messages arrived, whatever order the messages
 * became durable in: MQTT 5 §4.6 asks a receiver to send PUBACKs in the order of the PUBLISHes.
 */
export interface AckWindow {
  /** A slot for a message that just arrived. */
  open(messageId: number): AckSlot;
  /** The message is durable: send its PUBACK once every earlier one has gone. */
  done(slot: AckSlot): void;
  /** The connection is gone: nothing more is sent (the broker redelivers what was not acknowledged). */
  abandon(): void;
  /** Messages received and not yet acknowledged. */
  size(): number;
}

export interface AckSlot {
  messageId: number;
  ready: boolean;
}

/** Creates a window that calls `send` with each message id as its turn comes. */
export function createAckWindow(send: (messageId: number) => void): AckWindow {
  let slots: AckSlot[] = [];
  let head = 0;
  let abandoned = false;
  return {
    open(messageId) {
      const slot = { messageId, ready: false };
      if (!abandoned) slots.push(slot);
      return slot;
    },
    done(slot) {
      slot.ready = true;
      if (abandoned) return;
      while (head < slots.length && slots[head]!.ready) send(slots[head++]!.messageId);
      if (head > 1024 && head * 2 > slots.length) {
        slots = slots.slice(head);
        head = 0;
      }
    },
    abandon() {
      abandoned = true;
      slots = [];
      head = 0;
    },
    size: () => slots.length - head,
  };
}
