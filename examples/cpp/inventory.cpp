// A small class over a std::vector: an inventory that reports its total value.
// The total is wrong for items that cost cents; step into `totalValue` and
// watch `line` to find where the fraction is lost.
#include <iostream>
#include <string>
#include <vector>

struct Item {
    std::string name;
    double unitPrice;
    int quantity;
};

class Inventory {
public:
    void add(const std::string &name, double unitPrice, int quantity)
    {
        items_.push_back(Item{name, unitPrice, quantity});
    }

    double totalValue() const
    {
        double total = 0;
        for (const Item &item : items_) {
            int line = item.unitPrice * item.quantity;
            total += line;
        }
        return total;
    }

    std::size_t size() const { return items_.size(); }

private:
    std::vector<Item> items_;
};

int main()
{
    Inventory inventory;
    inventory.add("bolt", 0.25, 10);
    inventory.add("nut", 0.10, 25);
    inventory.add("gear", 12.50, 3);
    std::cout << inventory.size() << " items worth " << inventory.totalValue() << "\n";
    return 0;
}
