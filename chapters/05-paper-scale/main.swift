/*:
# At the paper's scale
*/
import Notebook
