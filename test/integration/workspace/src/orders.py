import threading


def total(items):
    return sum(item["price"] * item["quantity"] for item in items)


class OrderBook:
    def __init__(self):
        self.lock = threading.Lock()
        self.orders = {}

    def add(self, order_id, items):
        with self.lock:
            self.orders[order_id] = items

    def value(self, order_id):
        with self.lock:
            return total(self.orders.get(order_id, []))
